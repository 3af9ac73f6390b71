import { RouteKind } from '../router/route.types';
import { BuiltLeg, BuiltSwap } from './chain.types';

const KINDS: readonly RouteKind[] = ['single', 'split', 'two-hop', 'multi-hop'];

/** The fee parts a BuiltSwap may lack (stored before fee choices existed). */
const FEE_PARTS = ['computeUnitPriceMicroLamports', 'signatureFeeLamports', 'priorityFeeLamports', 'jitoTipLamports'] as const;

/** JSON form for storage: bigints as decimal strings, everything else as is. */
export function builtSwapToJson(built: BuiltSwap): Record<string, unknown> {
  const json: Record<string, unknown> = {
    ...built,
    legs: built.legs.map((leg) => ({ ...leg, inAmount: leg.inAmount.toString(), quotedOut: leg.quotedOut.toString() })),
    inAmount: built.inAmount.toString(),
    quotedOut: built.quotedOut.toString(),
    minAmountOut: built.minAmountOut.toString(),
    feeLamports: built.feeLamports.toString(),
    steps: [...built.steps],
  };
  for (const key of FEE_PARTS) {
    const value = built[key];
    if (value !== undefined) json[key] = value.toString();
  }
  return json;
}

/** Inverse of builtSwapToJson; throws TypeError naming the first field that does not fit. */
export function builtSwapFromJson(json: unknown): BuiltSwap {
  const o = object(json, 'BuiltSwap');
  const steps = o.steps;
  if (!Array.isArray(steps) || !steps.every((step) => typeof step === 'string')) {
    throw new TypeError('BuiltSwap.steps must be an array of strings');
  }
  if (!Array.isArray(o.legs) || o.legs.length === 0) throw new TypeError('BuiltSwap.legs must be a non-empty array');
  const kind = str(o, 'kind') as RouteKind;
  if (!KINDS.includes(kind)) throw new TypeError(`BuiltSwap.kind must be one of ${KINDS.join(', ')}`);
  const built: BuiltSwap = {
    route: str(o, 'route'),
    kind,
    legs: o.legs.map(legFromJson),
    tokenIn: str(o, 'tokenIn'),
    tokenOut: str(o, 'tokenOut'),
    inAmount: units(o, 'inAmount'),
    quotedOut: units(o, 'quotedOut'),
    minAmountOut: units(o, 'minAmountOut'),
    slippageBps: int(o, 'slippageBps'),
    computeUnits: int(o, 'computeUnits'),
    feeLamports: units(o, 'feeLamports'),
    blockhash: str(o, 'blockhash'),
    lastValidSlot: int(o, 'lastValidSlot'),
    builtAt: int(o, 'builtAt'),
    steps: [...steps],
  };
  // Absent from transactions stored before fee choices existed: they stay absent (builtFees reads the defaults).
  for (const key of FEE_PARTS) {
    if (o[key] !== undefined) built[key] = units(o, key);
  }
  if (o.jitoTipAccount !== undefined) built.jitoTipAccount = str(o, 'jitoTipAccount');
  return built;
}

function legFromJson(json: unknown): BuiltLeg {
  const o = object(json, 'BuiltSwap.legs[]');
  if (typeof o.chained !== 'boolean') throw new TypeError('BuiltSwap.legs[].chained must be a boolean');
  return {
    venue: str(o, 'venue'),
    poolId: str(o, 'poolId'),
    tokenIn: str(o, 'tokenIn'),
    tokenOut: str(o, 'tokenOut'),
    inAmount: units(o, 'inAmount'),
    quotedOut: units(o, 'quotedOut'),
    chained: o.chained,
  };
}

function object(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null) throw new TypeError(`${what} JSON must be an object`);
  return json as Record<string, unknown>;
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
