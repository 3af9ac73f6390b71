import { encodeBase58 } from '../chain/base58';
import { SeededRandom } from '../random/seeded-random';

/** Scheduled launches are numbered by the clock (launch n at n × interval); ad-hoc ones by their row's sequence. */
export type LaunchSource = 'scheduled' | 'adhoc';

const CONSONANTS = 'BDFGKLMNPRSTVZ';
const VOWELS = 'AEIOU';
const SYLLABLES = CONSONANTS.length * VOWELS.length; // 70
/** Names of 2, 3 or 4 syllables: 4, 6 or 8 letters, in turn. */
const NAME_SYLLABLES = [2, 3, 4] as const;
const FEISTEL_ROUNDS = 4;

/**
 * What every launched symbol looks like. No static token's symbol (SOL, USDC, USDT, JUP, RAY, BONK)
 * has this shape, so a launch can never take one's name (a unit test keeps it so).
 */
export const LAUNCH_SYMBOL_PATTERN = /^(?:[BDFGKLMNPRSTVZ][AEIOU]){2,4}$/;

/** A launch's mint: 32 bytes from (seed, source, index), base58 like any Solana address. */
export function launchMint(random: SeededRandom, source: LaunchSource, index: number): string {
  return encodeBase58(random.bytes(32, 'launch', source, index, 'mint'));
}

/**
 * A launch's symbol: a pronounceable name of consonant-vowel syllables (e.g. "KOMIRA"). Names are
 * not drawn at random but picked by a seeded permutation of all names of one length, launch index
 * into name, so two launches never share a symbol unless their indices are thousands apart
 * (7,350 launches of one source for the shortest names: weeks at the default cadence), far more
 * than the catalog keeps. Scheduled launches take even positions, ad-hoc ones odd positions, so
 * the two sources never collide either.
 */
export function launchSymbol(random: SeededRandom, source: LaunchSource, index: number): string {
  const syllables = NAME_SYLLABLES[index % NAME_SYLLABLES.length];
  const size = SYLLABLES ** syllables;
  const position = (Math.floor(index / NAME_SYLLABLES.length) % (size / 2)) * 2 + (source === 'adhoc' ? 1 : 0);
  return spell(permute(random, syllables, position, size), syllables);
}

/** A seeded bijection of [0, size): a Feistel network over the next even number of bits, cycle-walked into range. */
export function permute(random: SeededRandom, key: number, value: number, size: number): number {
  const halfBits = Math.ceil(Math.ceil(Math.log2(size)) / 2);
  const mask = (1 << halfBits) - 1;
  let x = value;
  do {
    let left = x >>> halfBits;
    let right = x & mask;
    for (let round = 0; round < FEISTEL_ROUNDS; round++) {
      const next = left ^ (random.u32('launch', 'name', key, round, right) & mask);
      left = right;
      right = next;
    }
    x = left * (mask + 1) + right;
  } while (x >= size);
  return x;
}

function spell(value: number, syllables: number): string {
  let name = '';
  let rest = value;
  for (let i = 0; i < syllables; i++) {
    const syllable = rest % SYLLABLES;
    rest = Math.floor(rest / SYLLABLES);
    name += CONSONANTS[Math.floor(syllable / VOWELS.length)] + VOWELS[syllable % VOWELS.length];
  }
  return name;
}
