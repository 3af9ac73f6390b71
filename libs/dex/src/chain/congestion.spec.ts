import { SeededRandom } from '../random/seeded-random';
import { congestionSlots } from './congestion';

describe('congestion', () => {
  const random = new SeededRandom('congestion');
  const windows = Array.from({ length: 2_000 }, (_, w) => congestionSlots(random, w * 150));

  it('leaves most windows calm, delays some by a few slots and jams about 2%', () => {
    const calm = windows.filter((s) => s === 0).length;
    const busy = windows.filter((s) => s > 0 && s <= 8).length;
    const jammed = windows.filter((s) => s >= 100).length;
    expect(calm + busy + jammed).toBe(windows.length);
    expect(calm / windows.length).toBeGreaterThan(0.75);
    expect(busy / windows.length).toBeGreaterThan(0.12);
    expect(jammed).toBeGreaterThan(15);
    expect(jammed).toBeLessThan(70);
  });

  it('is the same for every slot of a window, and shorter for a higher priority fee', () => {
    const jam = windows.findIndex((s) => s >= 100);
    expect(congestionSlots(random, jam * 150 + 149)).toBe(windows[jam]);
    expect(congestionSlots(random, jam * 150, 100_000n)).toBe(Math.floor(windows[jam] / 2));
  });
});
