import request from 'supertest';
import { RunningEngine, startEngine } from './support/engine';

/** USDC base units of a decimal string. */
const units = (text: string) => {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(6, '0'));
};

/** GET /api/quotes: the router's answer without executing, as a front-end shows it before submitting. */
describe('GET /api/quotes', () => {
  let engine: RunningEngine;

  beforeAll(async () => {
    engine = await startEngine({ RUN_WORKER: 'false' });
  });

  afterAll(() => engine.close());

  const quote = (query: Record<string, string>) => request(engine.baseUrl).get('/api/quotes').query(query);

  it('answers with the route, the floor for the slippage, every candidate and why the winner won', async () => {
    const res = await quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', slippage: '0.01' }).expect(200);
    expect(res.body).toMatchObject({
      tokenIn: 'SOL',
      tokenOut: 'USDC',
      inAmount: '1',
      outAmount: expect.stringMatching(/^\d+\.\d+$/),
      minAmountOut: expect.stringMatching(/^\d+(\.\d+)?$/),
      slippageBps: 100,
      priceImpactBps: expect.any(Number),
      route: expect.any(String),
      kind: expect.stringMatching(/^(single|split|two-hop)$/),
      networkFee: { lamports: expect.stringMatching(/^\d+$/), inTokenOut: expect.any(String) },
      reason: expect.stringContaining('USDC'),
      quotedAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.quotedAt)).toBe(10_000);
    // 1% below the quote, rounded down to USDC's 6 decimals.
    expect(units(res.body.minAmountOut)).toBe((units(res.body.outAmount) * 9_900n) / 10_000n);
    expect(res.body.routePlan.length).toBeGreaterThanOrEqual(1);
    const kinds = new Set(res.body.candidates.map((c: { kind: string }) => c.kind));
    expect(kinds.has('single')).toBe(true);
  });

  // The engine quotes the live (simulated) market, so which venue wins a small order depends on the
  // moment; what holds at every moment is the shape: bigger orders lean on Raydium's depth.
  it('leans more and more on Raydium as the size grows, splitting when Meteora runs short, with rising impact', async () => {
    const routes = [];
    for (const amountIn of ['1', '100', '1000', '10000']) {
      routes.push((await quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn }).expect(200)).body);
    }
    const raydiumShare = (r: { routePlan: Array<{ venue: string; shareBps: number }> }) =>
      r.routePlan.filter((l) => l.venue === 'raydium').reduce((s, l) => s + l.shareBps, 0);
    // Meteora's bins hold about 900 SOL of USDC: past that it can only take part of an order.
    expect(routes[2].kind).toBe('split');
    expect(raydiumShare(routes[3])).toBeGreaterThan(raydiumShare(routes[2]));
    expect(raydiumShare(routes[3])).toBeGreaterThan(5_000);
    for (let i = 1; i < routes.length; i++) {
      expect(routes[i].priceImpactBps).toBeGreaterThan(routes[i - 1].priceImpactBps);
    }
  });

  it('reaches a pair without a pool through two hops', async () => {
    const res = await quote({ tokenIn: 'SOL', tokenOut: 'USDT', amountIn: '2' }).expect(200);
    expect(res.body.kind).toBe('two-hop');
    expect(res.body.routePlan.map((l: { tokenIn: string; tokenOut: string }) => `${l.tokenIn}>${l.tokenOut}`)).toEqual([
      'SOL>USDC',
      'USDC>USDT',
    ]);
  });

  it('reaches BONK → USDT through three hops, each shown in the plan and the candidates', async () => {
    const res = await quote({ tokenIn: 'BONK', tokenOut: 'USDT', amountIn: '1000000' }).expect(200);
    expect(res.body).toMatchObject({ kind: 'multi-hop', hops: 3, route: expect.stringMatching(/ via SOL, USDC$/) });
    expect(res.body.routePlan.map((l: { tokenIn: string; tokenOut: string }) => `${l.tokenIn}>${l.tokenOut}`)).toEqual([
      'BONK>SOL',
      'SOL>USDC',
      'USDC>USDT',
    ]);
    // Each later hop trades all the previous one produced.
    const [first, second, third] = res.body.routePlan;
    expect([second.inAmount, third.inAmount]).toEqual([first.outAmount, second.outAmount]);
    expect(third.outAmount).toBe(res.body.outAmount);
    const paths = res.body.candidates.filter((c: { kind: string }) => c.kind === 'multi-hop');
    expect(paths).toHaveLength(4);
    expect(paths.every((c: { hops: number; legs: unknown[] }) => c.hops === 3 && c.legs.length === 3)).toBe(true);
  });

  it('answers 422 NO_ROUTE when no route gives any output', async () => {
    // One base unit of BONK: the first hop of every path rounds to nothing.
    const res = await quote({ tokenIn: 'BONK', tokenOut: 'USDT', amountIn: '0.00001' }).expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, code: 'NO_ROUTE' });
  });

  it('prices a chosen priority fee and Jito tip into the network fee', async () => {
    const plain = await quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' }).expect(200);
    expect(plain.body.networkFee).toMatchObject({ signatureLamports: '5000', computeUnitPriceMicroLamports: '50000', jitoTipLamports: '0' });
    expect(plain.body.networkFee.jitoTipFloorLamports).toBeUndefined();
    const priced = await quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', priorityFee: '1000000' }).expect(200);
    const fee = priced.body.networkFee;
    expect(fee.computeUnitPriceMicroLamports).toBe('1000000');
    expect(BigInt(fee.lamports)).toBe(5_000n + BigInt(fee.priorityFeeLamports));
    expect(BigInt(fee.priorityFeeLamports)).toBeGreaterThanOrEqual(100_000n); // 1 lamport per compute unit, 100,000 or more units
    // The e2e engine runs without congestion: auto bids the default price, and the tip floor is a calm one.
    const tipped = await quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', priorityFee: 'auto', jitoTipLamports: '20000' }).expect(200);
    expect(tipped.body.networkFee).toMatchObject({
      computeUnitPriceMicroLamports: '50000',
      jitoTipLamports: '20000',
      auto: { congestion: 'calm', capped: false },
      jitoTipFloorLamports: expect.stringMatching(/^\d+$/),
      bundle: true,
    });
    const { lamports, priorityFeeLamports } = tipped.body.networkFee;
    expect(BigInt(lamports)).toBe(5_000n + BigInt(priorityFeeLamports) + 20_000n);
  });

  it('refuses a fee choice out of bounds, naming the field and the rule', async () => {
    const res = await quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', priorityFee: '10000001', jitoTipLamports: '-1' }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.errors).toEqual([
      { field: 'priorityFee', rule: 'max', message: 'priorityFee must not be greater than 10000000 (micro-lamports per compute unit)' },
      { field: 'jitoTipLamports', rule: 'min', message: 'jitoTipLamports must not be less than 0' },
    ]);
    const mixed = await quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 'x', priorityFee: 'fast', maxPriorityFeeLamports: '1000' }).expect(400);
    expect(mixed.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual([
      'amountIn:amount',
      'priorityFee:priorityFee',
      'maxPriorityFeeLamports:autoOnly',
    ]);
  });

  it('validates the query like an order', async () => {
    const res = await quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.0000000001' }).expect(400);
    expect(res.body.errors).toEqual([
      { field: 'amountIn', rule: 'amount', message: 'amountIn has 10 decimal places but the token has 9' },
    ]);
    const missing = await request(engine.baseUrl).get('/api/quotes').expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['tokenIn', 'tokenOut', 'amountIn']),
    );
  });

  it('refuses an amountIn over 64 characters by its length, before reading it as a number', async () => {
    const res = await quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '9'.repeat(65) }).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'amountIn must be shorter than or equal to 64 characters',
      errors: [{ field: 'amountIn', rule: 'isLength', message: 'amountIn must be shorter than or equal to 64 characters' }],
    });
    await quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: `${'0'.repeat(62)}.5` }).expect(200);
  });
});
