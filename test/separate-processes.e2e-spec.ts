import request from 'supertest';
import { recordUntilClose } from './support/ws-client';
import { RoleProcess, startRole } from './support/processes';

/**
 * The scaled-out shape: an api process that only accepts and streams, and a worker process that
 * only executes. Events cross from one to the other through Redis pub/sub.
 */
describe('api and worker as separate processes', () => {
  const port = 3900 + (process.pid % 90);
  let api: RoleProcess;
  let worker: RoleProcess;

  beforeAll(async () => {
    [api, worker] = await Promise.all([
      startRole('api', { PORT: String(port), HOST: '127.0.0.1', RUN_WORKER: 'false' }, /listening on/),
      startRole('worker', {}, /worker running/),
    ]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
  });

  it('streams to a client of the api every event of orders the worker executes', async () => {
    const base = `http://127.0.0.1:${port}`;
    const ids: string[] = [];
    for (const amountIn of [1, 2, 3]) {
      const res = await request(base)
        .post('/api/orders/execute')
        .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn })
        .expect(202);
      ids.push(res.body.orderId);
    }
    const transcripts = await Promise.all(ids.map((id) => recordUntilClose(`ws://127.0.0.1:${port}/ws/orders/${id}`)));
    for (const t of transcripts) {
      expect(t.messages.map((m) => m.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    }
    expect(worker.output()).not.toMatch(/ERROR/);
  });

  it('stops both processes cleanly on SIGTERM', async () => {
    await Promise.all([api.stop(), worker.stop()]);
    // Nest closes the app on SIGTERM, then re-raises the signal so the exit reports it.
    for (const role of [api, worker]) {
      expect(role.child.exitCode === 0 || role.child.signalCode === 'SIGTERM').toBe(true);
      expect(role.output()).not.toMatch(/ERROR/);
    }
  });
});
