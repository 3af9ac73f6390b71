import { SeededRandom } from '../random/seeded-random';
import { TOKENS } from '../tokens/token.constants';
import { LAUNCH_SYMBOL_PATTERN, launchMint, launchSymbol, permute } from './launch-identity';

const BASE58_ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

describe('launch identities', () => {
  const random = new SeededRandom('identity-seed');

  it('gives each launch a base58 mint of 32 bytes, the same for the same seed and different for another', () => {
    const mint = launchMint(random, 'scheduled', 5_833_334);
    expect(mint).toMatch(BASE58_ADDRESS);
    expect(launchMint(new SeededRandom('identity-seed'), 'scheduled', 5_833_334)).toBe(mint);
    expect(launchMint(new SeededRandom('other-seed'), 'scheduled', 5_833_334)).not.toBe(mint);
    expect(launchMint(random, 'adhoc', 5_833_334)).not.toBe(mint);
  });

  it('names launches with pronounceable upper-case symbols of 4 to 8 letters', () => {
    const symbols = Array.from({ length: 60 }, (_, i) => launchSymbol(random, 'scheduled', 1_000 + i));
    for (const symbol of symbols) expect(symbol).toMatch(LAUNCH_SYMBOL_PATTERN);
    expect(new Set(symbols.map((s) => s.length))).toEqual(new Set([4, 6, 8]));
  });

  it('can never take the name of a static token', () => {
    for (const token of TOKENS) expect(token.symbol).not.toMatch(LAUNCH_SYMBOL_PATTERN);
  });

  it('never gives two launches of a day the same symbol, across both sources', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      seen.add(launchSymbol(random, 'scheduled', 5_833_000 + i));
      seen.add(launchSymbol(random, 'adhoc', 1 + i));
    }
    expect(seen.size).toBe(1_200);
  });

  it('picks names by a seeded permutation: a bijection of the shortest names', () => {
    const size = 70 ** 2;
    const images = new Set(Array.from({ length: size }, (_, x) => permute(random, 2, x, size)));
    expect(images.size).toBe(size);
    expect(Math.max(...images)).toBe(size - 1);
  });
});
