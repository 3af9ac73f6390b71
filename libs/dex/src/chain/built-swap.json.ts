import { BuiltSwap } from './chain.types';

/** JSON form for storage: bigints as decimal strings, everything else as is. */
export function builtSwapToJson(built: BuiltSwap): Record<string, unknown> {
  return {
    ...built,
    inAmount: built.inAmount.toString(),
    quotedOut: built.quotedOut.toString(),
    minAmountOut: built.minAmountOut.toString(),
    steps: [...built.steps],
  };
}

/** Inverse of builtSwapToJson; throws TypeError naming the first field that does not fit. */
export function builtSwapFromJson(json: unknown): BuiltSwap {
  if (typeof json !== 'object' || json === null) throw new TypeError('BuiltSwap JSON must be an object');
  const o = json as Record<string, unknown>;
  const steps = o.steps;
  if (!Array.isArray(steps) || !steps.every((step) => typeof step === 'string')) {
    throw new TypeError('BuiltSwap.steps must be an array of strings');
  }
  return {
    venue: str(o, 'venue'),
    poolId: str(o, 'poolId'),
    tokenIn: str(o, 'tokenIn'),
    tokenOut: str(o, 'tokenOut'),
    inAmount: units(o, 'inAmount'),
    quotedOut: units(o, 'quotedOut'),
    minAmountOut: units(o, 'minAmountOut'),
    slippageBps: int(o, 'slippageBps'),
    blockhash: str(o, 'blockhash'),
    lastValidSlot: int(o, 'lastValidSlot'),
    builtAt: int(o, 'builtAt'),
    steps: [...steps],
  };
}

function str(o: Record<string, unknown>, key: string): string {
  if (typeof o[key] !== 'string') throw new TypeError(`BuiltSwap.${key} must be a string`);
  return o[key] as string;
}

function int(o: Record<string, unknown>, key: string): number {
  if (!Number.isSafeInteger(o[key])) throw new TypeError(`BuiltSwap.${key} must be an integer`);
  return o[key] as number;
}

/** Base units: a non-negative decimal integer string (a bigint is accepted too). */
function units(o: Record<string, unknown>, key: string): bigint {
  const value = o[key];
  if (typeof value === 'bigint' && value >= 0n) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`BuiltSwap.${key} must be a decimal string of base units`);
}
