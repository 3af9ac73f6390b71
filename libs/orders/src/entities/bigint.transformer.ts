import { ValueTransformer } from 'typeorm';

/** numeric columns arrive from `pg` as strings; money stays exact as bigint, never a float. */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};
