import { createHash } from 'crypto';
import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('answers the same question the same way across instances', () => {
    expect(new SeededRandom('s').u32('price', 'a', 1)).toBe(new SeededRandom('s').u32('price', 'a', 1));
    const bytes = () => new SeededRandom('s').bytes(64, 'signature', 'o');
    expect(bytes()).toEqual(bytes());
  });

  it('draws sha256 blocks of the JSON key tuple, so a seed replays the same market in every version', () => {
    const block = (n: number) => createHash('sha256').update(JSON.stringify(['s', 'price', ['a', '1'], n])).digest();
    expect(new SeededRandom('s').bytes(4, 'price', 'a', 1)).toEqual(block(0).subarray(0, 4));
    expect(new SeededRandom('s').bytes(40, 'price', 'a', 1n)).toEqual(Buffer.concat([block(0), block(1)]).subarray(0, 40));
  });

  it('separates seeds, concerns and key tuples', () => {
    const random = new SeededRandom('s');
    const value = random.u32('price', 'a', 1);
    expect(new SeededRandom('t').u32('price', 'a', 1)).not.toBe(value);
    expect(random.u32('latency', 'a', 1)).not.toBe(value);
    expect(random.u32('price', 'a|b', 'c')).not.toBe(random.u32('price', 'a', 'b|c'));
  });

  it('stays inside inclusive ranges and covers them', () => {
    const random = new SeededRandom('range');
    const ints = new Set<number>();
    const bigs = new Set<bigint>();
    for (let i = 0; i < 400; i++) {
      const n = random.int(1, 3, 'landing', i);
      const b = random.bigint(-2n, 2n, 'price', i);
      expect(n >= 1 && n <= 3).toBe(true);
      expect(b >= -2n && b <= 2n).toBe(true);
      ints.add(n);
      bigs.add(b);
    }
    expect(ints.size).toBe(3);
    expect(bigs.size).toBe(5);
  });

  it('chance honours 0, 1 and roughly what lies between', () => {
    const random = new SeededRandom('chance');
    const hits = (p: number) =>
      Array.from({ length: 2_000 }, (_, i) => random.chance(p, 'fault', i)).filter(Boolean).length;
    expect(hits(0)).toBe(0);
    expect(hits(1)).toBe(2_000);
    expect(hits(0.25)).toBeGreaterThan(400);
    expect(hits(0.25)).toBeLessThan(600);
  });

  it('produces byte strings of any length', () => {
    expect(new SeededRandom('b').bytes(100, 'signature').length).toBe(100);
  });
});
