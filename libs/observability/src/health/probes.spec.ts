import { EventEmitter } from 'node:events';
import { ProcessLifecycle } from './process-lifecycle';
import { liveness, readiness } from './probes';

const up = () => Promise.resolve('ok');
const down = () => Promise.reject(new Error('ECONNREFUSED'));

describe('ProcessLifecycle', () => {
  it('starts draining on SIGTERM or SIGINT, and lets go of the signals when the app closes', () => {
    for (const signal of ['SIGTERM', 'SIGINT']) {
      const proc = new EventEmitter();
      const lifecycle = new ProcessLifecycle(proc as never);
      lifecycle.onModuleInit();
      expect(lifecycle.draining).toBe(false);
      proc.emit(signal);
      expect(lifecycle.draining).toBe(true);
      lifecycle.onModuleDestroy();
      expect(proc.listenerCount('SIGTERM') + proc.listenerCount('SIGINT')).toBe(0);
    }
  });

  it('drains once the application starts closing, whatever asked it to', () => {
    const lifecycle = new ProcessLifecycle(new EventEmitter() as never);
    lifecycle.onModuleInit();
    lifecycle.onModuleDestroy();
    expect(lifecycle.draining).toBe(true);
  });
});

describe('the probes', () => {
  it('liveness answers 200 whatever the dependencies', () => {
    expect(liveness()).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('readiness answers 200 when Postgres and Redis answer', async () => {
    const lifecycle = new ProcessLifecycle(new EventEmitter() as never);
    expect(await readiness(lifecycle, { postgres: up, redis: up })).toEqual({
      status: 200,
      body: { status: 'ready', checks: { postgres: 'up', redis: 'up' } },
    });
  });

  it('readiness answers 503 naming what is down, or one that does not answer in time', async () => {
    const lifecycle = new ProcessLifecycle(new EventEmitter() as never);
    const answer = await readiness(lifecycle, { postgres: up, redis: down });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', down: ['redis'], checks: { postgres: 'up', redis: 'down' } });
    const hung = await readiness(lifecycle, { postgres: () => new Promise(() => undefined), redis: up });
    expect(hung.body).toMatchObject({ down: ['postgres'] });
  });

  it('readiness answers 503 DRAINING from the SIGTERM on, without asking the dependencies', async () => {
    const proc = new EventEmitter();
    const lifecycle = new ProcessLifecycle(proc as never);
    lifecycle.onModuleInit();
    proc.emit('SIGTERM');
    const checked = jest.fn(up);
    const answer = await readiness(lifecycle, { postgres: checked, redis: checked });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ status: 'draining', code: 'DRAINING' });
    expect(checked).not.toHaveBeenCalled();
    lifecycle.onModuleDestroy();
  });
});
