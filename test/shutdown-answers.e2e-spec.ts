import { startEngine } from './support/engine';

/**
 * A stop signal while requests arrive: the requests under way finish, and new ones are answered
 * 503 SHUTTING_DOWN with Retry-After (to retry against another process, or this one restarted),
 * never an error from a pool that is closing.
 */
describe('requests during a shutdown', () => {
  it('answers new requests 503 SHUTTING_DOWN with Retry-After from the stop on, and never 500', async () => {
    // A worker in the process: its drain keeps the app closing for a while, with the server still open.
    const engine = await startEngine({ RUN_WORKER: 'true', SHUTDOWN_TIMEOUT_MS: '2000' });
    const post = () =>
      fetch(`${engine.baseUrl}/api/orders/execute`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 0.1 }),
      }).then(async (res) => ({
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: (await res.json()) as Record<string, unknown>,
      }));
    expect((await post()).status).toBe(202);

    const closing = engine.close();
    const answers: Array<Awaited<ReturnType<typeof post>>> = [];
    let stopped = false;
    void closing.finally(() => (stopped = true));
    while (!stopped) {
      const answer = await post().catch(() => undefined);
      if (!answer) break; // the server no longer takes connections
      answers.push(answer);
      if (answer.body.code === 'SHUTTING_DOWN') break;
    }
    await closing;
    expect(answers.filter((a) => a.status >= 500 && a.body.code !== 'SHUTTING_DOWN')).toEqual([]);
    const last = answers[answers.length - 1];
    expect(last).toEqual({
      status: 503,
      retryAfter: '2',
      body: { statusCode: 503, code: 'SHUTTING_DOWN', message: 'the engine is shutting down; retry shortly' },
    });
  });
});
