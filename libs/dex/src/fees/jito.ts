import { congestionAt } from '../chain/congestion';
import { ExecutionContext } from '../execution-context.interface';
import { SeededRandom } from '../random/seeded-random';

/** Jito's eight mainnet tip accounts (getTipAccounts); a tip is a System Program transfer to one of them. */
export const JITO_TIP_ACCOUNTS: readonly string[] = Object.freeze([
  '96gYZGLnJYVFmbjzopPSU6QiEV5fGqZNyN9nmNhvrZU5',
  'HFqU5x63VTqvQss8hp11i4wVV8bD44PvwucfZ2bU7gRe',
  'Cw8CFyM9FkoMi7K7Crf6HNQqf4uEMzpKw6QNghXLvLkY',
  'ADaUMid9yfUytqMBgopwjb2DTLSokTSzL1zt6iGPaS49',
  'DfXygSm4jCyNCybVYYK6DwvWqjKee8pbDmJGcLWNDXjh',
  'ADuUkR4vqLUMWXxW9gh6D6L8pMSawimctcNZ5pGwDcEt',
  'DttWaMuVvTiduZRnguLF7jNxTgiMBZ1hyAumKUiL2KRL',
  '3AVi9Tg9Uo68tJfuvoKvqKNWKkC5wPdSSdeBnizKZ6jT',
]);

/** The tip floor's range per congestion level, in lamports (Jito's minimum tip is 1,000). */
const TIP_FLOOR_RANGE = {
  calm: [1_000, 10_000],
  busy: [10_000, 100_000],
  jammed: [100_000, 1_000_000],
} as const;

/**
 * The least tip that wins a bundle a place in the next block, in the window holding `slot`:
 * seeded per window within a range set by the window's congestion (calm 1,000-10,000 lamports,
 * busy 10,000-100,000, jammed 100,000-1,000,000), as Jito's published tip floor moves with demand.
 */
export function jitoTipFloorLamports(random: SeededRandom, slot: number, congestion = true): bigint {
  const { window, level } = congestionAt(random, slot, congestion);
  const [min, max] = TIP_FLOOR_RANGE[level];
  return BigInt(random.int(min, max, 'landing', 'tip-floor', window));
}

/** The tip account an attempt pays, spread over the eight as Jito asks; the same for every build of the attempt. */
export function jitoTipAccountFor(random: SeededRandom, ctx: ExecutionContext): string {
  return JITO_TIP_ACCOUNTS[random.int(0, JITO_TIP_ACCOUNTS.length - 1, 'landing', 'tip-account', ctx.orderId, ctx.attempt)];
}
