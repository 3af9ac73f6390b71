import { TimeoutError, withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('settles like the promise when it is in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'a read')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('refused')), 1000, 'a read')).rejects.toThrow('refused');
  });

  it('rejects with a TimeoutError naming the wait when the promise is late', async () => {
    const never = new Promise<never>(() => undefined);
    const err = await withTimeout(never, 10, 'the enqueue').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).message).toBe('the enqueue timed out after 10 ms');
  });
});
