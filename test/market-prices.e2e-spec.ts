import request from 'supertest';
import { RunningEngine, startEngine } from './support/engine';

/** GET /api/market/pairs and GET /api/market/prices: the simulated market's recent prices, per venue. */
describe('market pairs and price history', () => {
  let engine: RunningEngine;
  const prices = (query: Record<string, string>) => request(engine.baseUrl).get('/api/market/prices').query(query);

  beforeAll(async () => {
    engine = await startEngine({ RUN_WORKER: 'false' });
  });

  afterAll(() => engine.close());

  it('lists every pair a pool trades, with its venues', async () => {
    const res = await request(engine.baseUrl).get('/api/market/pairs').expect(200);
    expect(res.body.pairs.map((p: { pair: string }) => p.pair)).toEqual(['SOL-USDC', 'USDC-USDT', 'JUP-USDC', 'BONK-SOL', 'RAY-USDC']);
    expect(res.body.pairs[0]).toEqual({
      pair: 'SOL-USDC',
      base: 'SOL',
      quote: 'USDC',
      pools: [
        { venue: 'raydium', poolId: 'raydium-amm-v4-sol-usdc', kind: 'amm-v4' },
        { venue: 'meteora', poolId: 'meteora-dlmm-sol-usdc', kind: 'dlmm' },
      ],
    });
  });

  it('gives each venue\'s price at evenly spaced moments ending now, near what a quote gets', async () => {
    const before = Date.now();
    const res = await prices({ pair: 'SOL-USDC', minutes: '10', points: '61' }).expect(200);
    const body = res.body;
    expect(body).toMatchObject({ pair: 'SOL-USDC', base: 'SOL', quote: 'USDC', stepMs: 10_000 });
    expect(body.times).toHaveLength(61);
    const times = body.times.map((t: string) => Date.parse(t));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(10_000);
    expect(times[60] % 10_000).toBe(0);
    expect(times[60]).toBeLessThanOrEqual(Date.now());
    expect(times[60]).toBeGreaterThan(before - 10_000);
    expect(body.series.map((s: { venue: string }) => s.venue)).toEqual(['raydium', 'meteora']);
    for (const s of body.series) {
      expect(s.prices).toHaveLength(61);
      for (const p of s.prices) expect(p).toMatch(/^\d+(\.\d+)?$/);
    }
    // The last point is the market of a few seconds ago: within 1% of a 1 SOL quote's price (fee 0.25%).
    const quote = await request(engine.baseUrl).get('/api/quotes').query({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' }).expect(200);
    const quoted = Number(quote.body.outAmount ?? quote.body.amountOut);
    const last = Number(body.series[0].prices[60]);
    expect(Math.abs(last - quoted) / quoted).toBeLessThan(0.01);
  });

  it('answers the same points to the same question (a function of the seed and the clock), and the reverse pair inverted', async () => {
    const a = (await prices({ pair: 'SOL-USDC', minutes: '60', points: '13' }).expect(200)).body;
    const b = (await prices({ pair: 'sol-usdc', minutes: '60', points: '13' }).expect(200)).body;
    const reverse = (await prices({ pair: 'USDC-SOL', minutes: '60', points: '13' }).expect(200)).body;
    if (a.times[12] === b.times[12]) expect(b.series).toEqual(a.series);
    expect(reverse).toMatchObject({ pair: 'USDC-SOL', base: 'USDC', quote: 'SOL' });
    if (a.times[12] === reverse.times[12]) {
      const product = Number(a.series[0].prices[12]) * Number(reverse.series[0].prices[12]);
      expect(product).toBeCloseTo(1, 6);
    }
  });

  it('has defaults, and fewer points than asked when a second apart is as close as they come', async () => {
    const byDefault = (await prices({ pair: 'JUP-USDC' }).expect(200)).body;
    expect(byDefault.times).toHaveLength(120);
    expect(byDefault.stepMs).toBe(30_252); // 3,600,000 ms / 119, floored
    const short = (await prices({ pair: 'JUP-USDC', minutes: '1', points: '300' }).expect(200)).body;
    expect(short.stepMs).toBe(1000);
    expect(short.times).toHaveLength(61);
  });

  it('refuses a bad parameter with 400 naming the field and the rule', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{}, 'pair', 'isString'],
      [{ pair: 'SOL-EUR' }, 'pair', 'pair'],
      [{ pair: 'SOLUSDC' }, 'pair', 'pair'],
      [{ pair: 'SOL-USDC', minutes: '0' }, 'minutes', 'min'],
      [{ pair: 'SOL-USDC', minutes: '1441' }, 'minutes', 'max'],
      [{ pair: 'SOL-USDC', minutes: '1.5' }, 'minutes', 'isInt'],
      [{ pair: 'SOL-USDC', minutes: 'abc' }, 'minutes', 'isInt'],
      [{ pair: 'SOL-USDC', points: '1' }, 'points', 'min'],
      [{ pair: 'SOL-USDC', points: '301' }, 'points', 'max'],
    ];
    for (const [query, field, rule] of cases) {
      const res = await prices(query).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect({ query, errors: res.body.errors }).toEqual({ query, errors: expect.arrayContaining([expect.objectContaining({ field, rule })]) });
    }
    const unknown = await prices({ pair: 'SOL-USDC', window: '5' }).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'window' })]);
  });

  it('answers the largest history (a day, 300 points) within seconds, serving other requests meanwhile', async () => {
    const started = performance.now();
    let historyDone = false;
    // A pair no test asked about before: every moment is computed afresh.
    const largest = prices({ pair: 'BONK-SOL', minutes: '1440', points: '300' })
      .expect(200)
      .then((res) => ((historyDone = true), res));
    await new Promise((resolve) => setTimeout(resolve, 20)); // the history request is in
    // Health is answered while the history is computed: the work yields to the event loop.
    await request(engine.baseUrl).get('/health').expect(200);
    expect(historyDone).toBe(false);
    const res = await largest;
    expect(res.body.times).toHaveLength(300);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
