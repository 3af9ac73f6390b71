import { slotAt, slotStartMs } from '../chain/slot.clock';
import { PPM, swapExactInAtRate } from '../market/constant-product.math';
import { SeededRandom } from '../random/seeded-random';
import { tokenBySymbol } from '../tokens/token.constants';
import { initialCurve, isComplete, RESERVED_TOKENS } from './bonding-curve.math';
import { LaunchMarket } from './launch-market';
import { Launch } from './launch.types';

const LAUNCH_MS = 1_750_000_200_000;
const MINUTE = 60_000;
const SOL = tokenBySymbol('SOL');

function market(index: number, seed = 'market-seed'): LaunchMarket {
  const launch: Launch = {
    token: { symbol: `TOKEN${index}`, mint: `mint-${index}`, decimals: 6 },
    source: 'scheduled', index, launchSlot: slotAt(LAUNCH_MS), launchAtMs: LAUNCH_MS, announcedAtMs: LAUNCH_MS - MINUTE,
  };
  return new LaunchMarket(new SeededRandom(seed), launch);
}

const markets = Array.from({ length: 40 }, (_, i) => market(i));
const graduating = markets.filter((m) => m.graduatedAtMs() !== null);
const cold = markets.filter((m) => m.graduatedAtMs() === null);

describe('a launch market', () => {
  it('opens on the untouched curve: the background buying starts after the launch slot', () => {
    for (const m of markets.slice(0, 5)) {
      expect(m.curveAt(LAUNCH_MS - 1)).toEqual(initialCurve());
      expect(m.curveAt(slotStartMs(slotAt(LAUNCH_MS) + 1) - 1)).toEqual(initialCurve());
      expect(m.stateAt(LAUNCH_MS - 1)).toBe('announced');
      expect(m.stateAt(LAUNCH_MS)).toBe('trading');
    }
  });

  it('is derived from the seed: the same launch gives the same curve at every moment, another seed another', () => {
    const again = market(3);
    const other = market(3, 'other-seed');
    const at = LAUNCH_MS + 3 * MINUTE;
    expect(again.curveAt(at)).toEqual(markets[3].curveAt(at));
    expect(other.curveAt(at)).not.toEqual(markets[3].curveAt(at));
  });

  it('only rises while buyers come, then holds still once their demand is spent', () => {
    const m = cold[0];
    let previous = m.curveAt(LAUNCH_MS).realSolReserves;
    for (let t = LAUNCH_MS; t <= LAUNCH_MS + 10 * MINUTE; t += 10_000) {
      const raised = m.curveAt(t).realSolReserves;
      expect(raised).toBeGreaterThanOrEqual(previous);
      previous = raised;
    }
    expect(previous).toBeGreaterThan(0n);
    expect(m.curveAt(LAUNCH_MS + 60 * MINUTE)).toEqual(m.curveAt(LAUNCH_MS + 11 * MINUTE));
  });

  it('fills the curve within minutes for some launches and never for others', () => {
    expect(graduating.length).toBeGreaterThan(5);
    expect(cold.length).toBeGreaterThan(5);
    for (const m of graduating) {
      const after = m.graduatedAtMs()! - LAUNCH_MS;
      expect(after).toBeGreaterThan(MINUTE);
      expect(after).toBeLessThan(10 * MINUTE);
    }
    for (const m of cold) expect(isComplete(m.curveAt(LAUNCH_MS + 24 * 60 * MINUTE))).toBe(false);
  });

  it('graduates when the real tokens run out: the curve freezes and a CPMM pool opens with the SOL raised and the reserved tokens', () => {
    const m = graduating[0];
    const at = m.graduatedAtMs()!;
    expect(m.stateAt(at - 1)).toBe('trading');
    expect(m.stateAt(at)).toBe('graduated');
    const curve = m.curveAt(at);
    expect(curve.realTokenReserves).toBe(0n);
    expect(curve.realSolReserves / 10n ** 9n).toBe(85n);
    expect(m.curveAt(at + 60 * MINUTE)).toEqual(curve);
    // At the moment it opens, the pool holds exactly what it was seeded with.
    const oneSol = 10n ** 9n;
    const expected = swapExactInAtRate(oneSol, curve.realSolReserves, RESERVED_TOKENS, { numerator: 2_500n, denominator: PPM });
    expect(m.ammPool().quoteAt(SOL, oneSol, at).outAmount).toBe(expected.amountOut);
    // Its price continues the curve's last price (SOL per token), within a percent.
    const curvePrice = (curve.virtualSolReserves * 10n ** 12n) / curve.virtualTokenReserves;
    const poolPrice = (curve.realSolReserves * 10n ** 12n) / RESERVED_TOKENS;
    expect(Number(curvePrice - poolPrice) / Number(curvePrice)).toBeLessThan(0.01);
    // Then background trades move it, as they move every pool.
    const later = m.ammPool().quoteAt(SOL, oneSol, at + 5 * MINUTE).outAmount;
    expect(later).not.toBe(expected.amountOut);
  });
});
