import { fairQueuePriority } from './fair-queue';

describe('fairQueuePriority', () => {
  it('leaves an account below the threshold in the plain queue, served first', () => {
    expect(fairQueuePriority(0, 50)).toBeUndefined();
    expect(fairQueuePriority(49, 50)).toBeUndefined();
  });

  it('queues a larger backlog further back, one step per doubling', () => {
    expect([50, 99, 100, 199, 200, 5000].map((n) => fairQueuePriority(n, 50))).toEqual([1, 1, 2, 2, 3, 7]);
  });

  it('never grows past what BullMQ accepts, and never decreases as a backlog grows', () => {
    expect(fairQueuePriority(Number.MAX_SAFE_INTEGER, 1)).toBeLessThanOrEqual(2 ** 21);
    let last = 0;
    for (let n = 1; n < 100_000; n += 37) {
      const p = fairQueuePriority(n, 1)!;
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
  });
});
