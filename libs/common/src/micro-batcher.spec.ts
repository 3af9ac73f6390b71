import { MicroBatcher } from './micro-batcher';
import { OverloadedError } from './overloaded.error';

/** A refused row (SQLSTATE class 23), as Postgres reports a constraint violation. */
const isRefusedRow = (err: Error) => (err as { code?: unknown }).code === '23505';

/** A flush whose completion the test controls, recording each batch it was given. */
function controlledFlush() {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const flush = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => releases.push(resolve));
    return items.map((i) => (i < 0 ? new Error(`refused ${i}`) : i * 10));
  };
  return { batches, releases, flush };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('MicroBatcher', () => {
  it('flushes one item at once when nothing else is waiting', async () => {
    const batcher = new MicroBatcher(async (items: number[]) => items.map((i) => i + 1), { maxBatch: 10, maxInFlight: 1 });
    await expect(batcher.add(1)).resolves.toBe(2);
  });

  it('groups items that arrive in the same turn, and those that arrive during a flush', async () => {
    const c = controlledFlush();
    const batcher = new MicroBatcher(c.flush, { maxBatch: 100, maxInFlight: 1 });
    const first = [1, 2, 3].map((i) => batcher.add(i));
    await turn();
    expect(c.batches).toEqual([[1, 2, 3]]);
    const second = [4, 5].map((i) => batcher.add(i));
    await turn();
    // One flush is in flight: the next batch waits for it instead of starting a second one.
    expect(c.batches).toHaveLength(1);
    expect(batcher.waiting).toBe(2);
    c.releases[0]();
    await expect(Promise.all(first)).resolves.toEqual([10, 20, 30]);
    await turn();
    expect(c.batches).toEqual([[1, 2, 3], [4, 5]]);
    c.releases[1]();
    await expect(Promise.all(second)).resolves.toEqual([40, 50]);
  });

  it("with gather 'tick', groups what the continuations of one outcome add, without waiting a turn", async () => {
    const seen: number[][] = [];
    const batcher = new MicroBatcher(async (items: number[]) => (seen.push(items), items), {
      maxBatch: 100,
      maxInFlight: 1,
      gather: 'tick',
    });
    let release!: () => void;
    const outcome = new Promise<void>((resolve) => (release = resolve));
    // Three callers wait for the same outcome, then each adds an item after a few more hops.
    const followers = [1, 2, 3].map(async (i) => {
      await outcome;
      await Promise.resolve();
      return batcher.add(i);
    });
    let turned = false;
    setImmediate(() => (turned = true));
    release();
    await expect(Promise.all(followers)).resolves.toEqual([1, 2, 3]);
    expect(seen).toEqual([[1, 2, 3]]);
    expect(turned).toBe(false);
  });

  it('caps a batch at maxBatch and runs up to maxInFlight flushes at once', async () => {
    const c = controlledFlush();
    const batcher = new MicroBatcher(c.flush, { maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => batcher.add(i));
    await turn();
    expect(c.batches).toEqual([[1, 2], [3, 4]]);
    c.releases[0]();
    await turn();
    await turn();
    expect(c.batches).toEqual([[1, 2], [3, 4], [5]]);
    c.releases[1]();
    c.releases[2]();
    await expect(Promise.all(all)).resolves.toEqual([10, 20, 30, 40, 50]);
  });

  it('answers each item with its own outcome', async () => {
    const c = controlledFlush();
    const batcher = new MicroBatcher(c.flush, { maxBatch: 10, maxInFlight: 1 });
    const ok = batcher.add(1);
    const refused = batcher.add(-1);
    await turn();
    c.releases[0]();
    await expect(ok).resolves.toBe(10);
    await expect(refused).rejects.toThrow('refused -1');
  });

  it('fails the whole batch when the flush throws', async () => {
    const batcher = new MicroBatcher(
      async (): Promise<number[]> => {
        throw new Error('connection lost');
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('with retryItemsAloneWhen, repeats a batch refused for a row item by item so only the culprit fails', async () => {
    const seen: number[][] = [];
    const batcher = new MicroBatcher(
      async (items: number[]) => {
        seen.push(items);
        if (items.includes(13)) throw Object.assign(new Error('statement refused 13'), { code: '23505' });
        return items;
      },
      { maxBatch: 10, maxInFlight: 1, retryItemsAloneWhen: isRefusedRow },
    );
    const results = await Promise.allSettled([12, 13, 14].map((i) => batcher.add(i)));
    expect(results[0]).toEqual({ status: 'fulfilled', value: 12 });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: new Error('statement refused 13') });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 14 });
    expect(seen).toEqual([[12, 13, 14], [12], [13], [14]]);
  });

  it('does not repeat a batch whose connection was lost: it may have committed', async () => {
    let flushes = 0;
    const batcher = new MicroBatcher(
      async (): Promise<number[]> => {
        flushes++;
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
      },
      { maxBatch: 10, maxInFlight: 1, retryItemsAloneWhen: isRefusedRow },
    );
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(flushes).toBe(1);
  });

  describe('retryOnceWhen', () => {
    /** Postgres' answer to a statement whose backend was terminated (pg's DatabaseError shape). */
    const terminated = () =>
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' });
    const isLost = (err: Error) => (err as { code?: unknown }).code === '57P01';

    it('flushes a batch whose connection was lost once more, telling the flush it is a retry', async () => {
      const calls: Array<{ items: number[]; retry: boolean }> = [];
      const batcher = new MicroBatcher(
        async (items: number[], retry: boolean) => {
          calls.push({ items, retry });
          if (calls.length === 1) throw terminated();
          return items.map((i) => i * 10);
        },
        { maxBatch: 10, maxInFlight: 1, retryOnceWhen: isLost },
      );
      await expect(Promise.all([1, 2, 3].map((i) => batcher.add(i)))).resolves.toEqual([10, 20, 30]);
      expect(calls).toEqual([
        { items: [1, 2, 3], retry: false },
        { items: [1, 2, 3], retry: true },
      ]);
    });

    it('retries only once: a second loss fails the batch with it', async () => {
      let flushes = 0;
      const batcher = new MicroBatcher(
        async (): Promise<number[]> => {
          flushes++;
          throw terminated();
        },
        { maxBatch: 10, maxInFlight: 1, retryOnceWhen: isLost },
      );
      const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
      expect(results).toEqual([
        { status: 'rejected', reason: expect.objectContaining({ code: '57P01' }) },
        { status: 'rejected', reason: expect.objectContaining({ code: '57P01' }) },
      ]);
      expect(flushes).toBe(2);
    });

    it('does not retry an error it does not accept', async () => {
      let flushes = 0;
      const batcher = new MicroBatcher(
        async (): Promise<number[]> => {
          flushes++;
          throw new Error('a bug');
        },
        { maxBatch: 10, maxInFlight: 1, retryOnceWhen: isLost },
      );
      await expect(batcher.add(1)).rejects.toThrow('a bug');
      expect(flushes).toBe(1);
    });

    it('a write the first try committed is answered once, as written, and stored once', async () => {
      // A store with a primary key: the first try commits, then its connection is lost before the
      // answer; the retry conflicts on the ids and, told it is a retry, finds the rows.
      const stored = new Map<number, number>();
      let lose = true;
      const batcher = new MicroBatcher(
        async (items: number[], retry: boolean) => {
          const written = items.map((i) => (stored.has(i) ? false : (stored.set(i, (stored.get(i) ?? 0) + 1), true)));
          if (lose) {
            lose = false;
            throw terminated();
          }
          return items.map((i, idx) => written[idx] || (retry && stored.has(i)));
        },
        { maxBatch: 10, maxInFlight: 1, retryOnceWhen: isLost },
      );
      await expect(Promise.all([7, 8].map((i) => batcher.add(i)))).resolves.toEqual([true, true]);
      expect([...stored]).toEqual([
        [7, 1],
        [8, 1],
      ]);
    });

    it('does not count a retry that never reached the server (a dead pooled connection), a few times at most', async () => {
      const notQueryable = () => new Error('Client has encountered a connection error and is not queryable');
      const isUnsent = (err: Error) => err.message.includes('not queryable');
      let flushes = 0;
      const batcher = new MicroBatcher(
        async (items: number[]) => {
          flushes++;
          if (flushes === 1) throw terminated();
          if (flushes <= 3) throw notQueryable();
          return items;
        },
        { maxBatch: 10, maxInFlight: 1, retryOnceWhen: isLost, unsentWhen: isUnsent },
      );
      await expect(batcher.add(5)).resolves.toBe(5);
      expect(flushes).toBe(4);

      let tries = 0;
      const hopeless = new MicroBatcher(
        async (): Promise<number[]> => {
          tries++;
          throw tries === 1 ? terminated() : notQueryable();
        },
        { maxBatch: 10, maxInFlight: 1, retryOnceWhen: isLost, unsentWhen: isUnsent },
      );
      await expect(hopeless.add(1)).rejects.toThrow('not queryable');
      expect(tries).toBe(6); // the first try, then five that never reached the server
    });

    it('after a retry refused for a row, flushes item by item still as a retry', async () => {
      const calls: Array<{ items: number[]; retry: boolean }> = [];
      const batcher = new MicroBatcher(
        async (items: number[], retry: boolean) => {
          calls.push({ items, retry });
          if (calls.length === 1) throw terminated();
          if (items.includes(13)) throw Object.assign(new Error('statement refused 13'), { code: '23505' });
          return items;
        },
        { maxBatch: 10, maxInFlight: 1, retryOnceWhen: isLost, retryItemsAloneWhen: isRefusedRow },
      );
      const results = await Promise.allSettled([12, 13].map((i) => batcher.add(i)));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
      expect(calls).toEqual([
        { items: [12, 13], retry: false },
        { items: [12, 13], retry: true },
        { items: [12], retry: true },
        { items: [13], retry: true },
      ]);
    });
  });

  it('rejects a flush that answers the wrong number of outcomes', async () => {
    const batcher = new MicroBatcher(async () => [1], { maxBatch: 10, maxInFlight: 1 });
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
  });

  describe('maxWaiting', () => {
    it('refuses at once what would wait beyond the bound, and queues nothing of it', async () => {
      const c = controlledFlush();
      const batcher = new MicroBatcher(c.flush, { maxBatch: 2, maxInFlight: 1, maxWaiting: 3, name: 'test items' });
      const first = [1, 2].map((i) => batcher.add(i));
      await turn();
      // One flush of [1, 2] is running; three may wait, the fourth is refused before it queues.
      const waiting = [3, 4, 5].map((i) => batcher.add(i));
      expect(batcher.waiting).toBe(3);
      const refused = batcher.add(6);
      await expect(refused).rejects.toBeInstanceOf(OverloadedError);
      await expect(refused).rejects.toMatchObject({ code: 'ENGINE_OVERLOADED', queue: 'test items', retryAfterSeconds: 1 });
      expect(batcher.waiting).toBe(3);
      // Once the flush drains the queue, items are taken again.
      c.releases[0]();
      await expect(Promise.all(first)).resolves.toEqual([10, 20]);
      await turn();
      expect(c.batches).toEqual([[1, 2], [3, 4]]);
      const later = batcher.add(7);
      expect(batcher.waiting).toBe(2);
      c.releases[1]();
      await turn();
      await turn();
      c.releases[2]();
      await expect(Promise.all([...waiting, later])).resolves.toEqual([30, 40, 50, 70]);
      expect(c.batches.flat()).not.toContain(6);
    });

    it('counts only the waiting items, not those being flushed', async () => {
      const c = controlledFlush();
      const batcher = new MicroBatcher(c.flush, { maxBatch: 100, maxInFlight: 1, maxWaiting: 2 });
      // Added in one turn: all three wait for the first flush, so the third is refused.
      const results = Promise.allSettled([1, 2, 3].map((i) => batcher.add(i)));
      await turn();
      expect(c.batches).toEqual([[1, 2]]);
      // Now both are being flushed: two more may wait.
      const more = [4, 5].map((i) => batcher.add(i));
      await expect(batcher.add(6)).rejects.toBeInstanceOf(OverloadedError);
      c.releases[0]();
      await turn();
      await turn();
      c.releases[1]();
      await expect(Promise.all(more)).resolves.toEqual([40, 50]);
      expect((await results).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    });

    it('has no bound when absent, and refuses a bound below 1', async () => {
      const batcher = new MicroBatcher(async (items: number[]) => items, { maxBatch: 10_000, maxInFlight: 1 });
      const all = Array.from({ length: 10_000 }, (_, i) => batcher.add(i));
      expect(batcher.waiting).toBe(10_000);
      await expect(Promise.all(all)).resolves.toHaveLength(10_000);
      expect(() => new MicroBatcher(async (items: number[]) => items, { maxBatch: 1, maxInFlight: 1, maxWaiting: 0 })).toThrow(
        'maxWaiting must be at least 1',
      );
    });
  });
});
