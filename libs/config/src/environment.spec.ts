import { loadEnvironment } from './environment';

describe('loadEnvironment', () => {
  it('starts with no settings at all, pointing at the local services', () => {
    const env = loadEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/order_engine');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.WORKER_CONCURRENCY).toBe(10);
    expect(env.QUEUE_RATE_LIMIT).toBe(100);
    expect(env.SIM_LATENCY).toBe('realistic');
    expect(env.RUN_WORKER).toBe(true);
  });

  it('converts strings from the environment to numbers and booleans', () => {
    const env = loadEnvironment({ PORT: '8080', QUEUE_RATE_LIMIT: '0', RUN_WORKER: 'false', SIM_FAULT_RATE: '0.5' });
    expect(env.PORT).toBe(8080);
    expect(env.QUEUE_RATE_LIMIT).toBe(0);
    expect(env.RUN_WORKER).toBe(false);
    expect(env.SIM_FAULT_RATE).toBe(0.5);
  });

  it('fails fast naming every bad setting', () => {
    expect(() => loadEnvironment({ PORT: 'abc', SIM_LATENCY: 'slow', WORKER_CONCURRENCY: '0' })).toThrow(
      /PORT="abc"[\s\S]*WORKER_CONCURRENCY=0[\s\S]*SIM_LATENCY="slow"/,
    );
  });
});

describe('fault injection settings', () => {
  it('accepts per-code probabilities and forced failures', () => {
    const env = loadEnvironment({ SIM_FAULTS: 'SLIPPAGE_EXCEEDED=0.05,RPC_TIMEOUT=1', SIM_FAIL_ORDERS: '3=NO_ROUTE,5=RPC_TIMEOUT:1' });
    expect(env.SIM_FAULTS).toBe('SLIPPAGE_EXCEEDED=0.05,RPC_TIMEOUT=1');
    expect(env.SIM_FAIL_ORDERS).toBe('3=NO_ROUTE,5=RPC_TIMEOUT:1');
  });

  it('refuses malformed lists', () => {
    expect(() => loadEnvironment({ SIM_FAULTS: 'SLIPPAGE_EXCEEDED:0.05' })).toThrow(/SIM_FAULTS must look like/);
    expect(() => loadEnvironment({ SIM_FAIL_ORDERS: 'three=NO_ROUTE' })).toThrow(/SIM_FAIL_ORDERS must look like/);
  });
});

describe('launch settings', () => {
  it('schedules a launch every 5 minutes, announced a minute ahead, with the simulation endpoint off', () => {
    const env = loadEnvironment({});
    expect(env.SIM_LAUNCH_INTERVAL_MS).toBe(300000);
    expect(env.SIM_LAUNCH_ANNOUNCE_MS).toBe(60000);
    expect(env.SIM_LAUNCH_REFRESH_MS).toBe(1000);
    expect(env.SIM_LAUNCHES_API).toBe(false);
  });

  it('takes 0 for no scheduled launches, and refuses an interval under a second', () => {
    expect(loadEnvironment({ SIM_LAUNCH_INTERVAL_MS: '0', SIM_LAUNCHES_API: 'true' })).toMatchObject({
      SIM_LAUNCH_INTERVAL_MS: 0,
      SIM_LAUNCHES_API: true,
    });
    expect(() => loadEnvironment({ SIM_LAUNCH_INTERVAL_MS: '500' })).toThrow(/SIM_LAUNCH_INTERVAL_MS=500/);
    expect(() => loadEnvironment({ SIM_LAUNCH_INTERVAL_MS: 'often' })).toThrow(/SIM_LAUNCH_INTERVAL_MS="often"/);
  });
});
