/**
 * Reads `read` until it returns `expected`, re-reading every `everyMs`; rejects at the deadline
 * naming what was awaited and the last value read. For server-side state that changes without an
 * event the test can listen to (e.g. a subscription released after the server saw a socket close).
 */
export async function until<T>(
  what: string,
  read: () => T | Promise<T>,
  expected: T,
  { deadlineMs = 3_000, everyMs = 20 }: { deadlineMs?: number; everyMs?: number } = {},
): Promise<void> {
  const start = Date.now();
  let value = await read();
  while (value !== expected) {
    if (Date.now() - start > deadlineMs) {
      throw new Error(`${what}: still ${JSON.stringify(value)} after ${deadlineMs} ms, expected ${JSON.stringify(expected)}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
    value = await read();
  }
}
