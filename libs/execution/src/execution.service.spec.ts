import { Logger } from '@nestjs/common';
import { createTestDex, DexError, DexErrorCode, ForcedFailure, SimulatedChain, TestDex } from '@app/dex';
import { OrderTransitions } from '@app/orders';
import { AttemptSteps } from './attempt-steps';
import { ExecutionService, OrderFailedError } from './execution.service';
import { TriggerArming } from './trigger-arming';
import { executionToJson } from './execution-state';
import { ORDER_ID, OrderStore } from './testing/order-store';

/** The real simulated market, with every chain call recorded. */
function market(failOrders: ForcedFailure[] = []) {
  const dex = createTestDex({ failOrders });
  const calls: string[] = [];
  const chain = {
    sign: (...args: Parameters<SimulatedChain['sign']>) => dex.chain.sign(...args),
    build: (...args: Parameters<SimulatedChain['build']>) => (calls.push('build'), dex.chain.build(...args)),
    send: (...args: Parameters<SimulatedChain['send']>) => (calls.push(`send#${args[1].attempt}`), dex.chain.send(...args)),
    confirm: (...args: Parameters<SimulatedChain['confirm']>) =>
      (calls.push(`confirm#${args[2].attempt}`), dex.chain.confirm(...args)),
  } as unknown as SimulatedChain;
  return { dex, chain, calls };
}

function service(store: OrderStore, dex: TestDex, chain: SimulatedChain): ExecutionService {
  const steps = new AttemptSteps(store.transitions, dex.registry, dex.router, chain);
  // Market orders never arm or wait: the arming service is not reached.
  return new ExecutionService(store.orders, store.transitions, steps, {} as TriggerArming);
}

/** A transaction built for attempt `attempt` of the stored order, as `building` stores it. */
async function builtFor(dex: TestDex, store: OrderStore, attempt: number) {
  const ctx = { orderId: ORDER_ID, attempt, orderNumber: store.order.number };
  const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), store.order.amountIn, ctx);
  return { built: await dex.chain.build(route, 50, ctx), ctx };
}

describe('ExecutionService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('takes a new order through routing, building, submitted and confirmed', async () => {
    const store = new OrderStore({});
    const { dex, chain } = market();
    await service(store, dex, chain).execute(ORDER_ID, 1, false);
    expect(store.statuses()).toEqual(['routing', 'building', 'submitted', 'confirmed']);
    expect(store.order).toMatchObject({ status: 'confirmed', attempt: 1, lastSeq: 5 });
    expect(store.order.txHash).toBe(store.events[2].txHash);
  });

  it('a lost database connection fails nothing, even on the last attempt: no failed status, no attempt noted', async () => {
    const store = new OrderStore({});
    const { dex, chain } = market();
    const lost = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const transition = store.transitions.transition.bind(store.transitions);
    store.transitions.transition = async (id, req) => {
      if (req.to === 'building') throw lost;
      return transition(id, req);
    };
    await expect(service(store, dex, chain).execute(ORDER_ID, 3, true)).rejects.toBe(lost);
    expect(store.statuses()).toEqual(['routing']);
    expect(store.order).toMatchObject({ status: 'routing', error: null, errorCode: null });
    expect(store.notes).toEqual([]);

    // The job runs again later: the same attempt resumes from the stored status and confirms.
    store.transitions.transition = transition;
    await service(store, dex, chain).execute(ORDER_ID, 3, true);
    expect(store.order.status).toBe('confirmed');
  });

  it('Redis unavailable while loading or stepping is no failure of the order either', async () => {
    const store = new OrderStore({});
    const { dex, chain } = market();
    const closed = new Error('Connection is closed.');
    store.orders.getOrder = async () => {
      throw closed;
    };
    await expect(service(store, dex, chain).execute(ORDER_ID, 1, true)).rejects.toBe(closed);
    expect(store.events).toEqual([]);
    expect(store.notes).toEqual([]);
  });

  it('resumes a run that crashed after building: the same transaction is sent and confirmed, nothing is routed again', async () => {
    const { dex, chain, calls } = market();
    const store = new OrderStore({ status: 'building', attempt: 1, lastSeq: 3 });
    const { built, ctx } = await builtFor(dex, store, 1);
    store.order.execution = executionToJson({ attempt: 1, built });
    await service(store, dex, chain).execute(ORDER_ID, 1, false);
    expect(store.statuses()).toEqual(['submitted', 'confirmed']);
    expect(calls).toEqual(['send#1', 'confirm#1']);
    // The signature of (order, attempt 1): the transaction the crashed run built, not a new one.
    expect(store.events[0].txHash).toBe((await dex.chain.send(built, ctx)).signature);
  });

  it('settles the submitted transaction of an earlier attempt first: when it landed, it confirms the order', async () => {
    const { dex, chain, calls } = market();
    const store = new OrderStore({ status: 'submitted', attempt: 1, lastSeq: 4 });
    const { built, ctx } = await builtFor(dex, store, 1);
    const submitted = await dex.chain.send(built, ctx);
    store.order.execution = executionToJson({ attempt: 1, built, submitted });
    await service(store, dex, chain).execute(ORDER_ID, 2, false);
    // The earlier attempt's transaction landed: sent again (the same one) and confirmed, no second swap.
    expect(calls).toEqual(['send#1', 'confirm#1']);
    expect(store.statuses()).toEqual(['confirmed']);
    expect(store.events[0].txHash).toBe(submitted.signature);
  });

  it('builds a new transaction only after the previous attempt’s transaction is known not to have landed', async () => {
    const { dex, chain, calls } = market([{ order: 1, code: DexErrorCode.BLOCKHASH_EXPIRED, attempts: 1 }]);
    const store = new OrderStore({ status: 'submitted', attempt: 1, lastSeq: 4 });
    const { built, ctx } = await builtFor(dex, store, 1);
    store.order.execution = executionToJson({ attempt: 1, built, submitted: await dex.chain.send(built, ctx) });
    await service(store, dex, chain).execute(ORDER_ID, 2, false);
    expect(calls).toEqual(['send#1', 'confirm#1', 'build', 'send#2', 'confirm#2']);
    expect(store.statuses()).toEqual(['routing', 'building', 'submitted', 'confirmed']);
    expect(store.order.attempt).toBe(2);
  });

  it('fails the attempt (for BullMQ to retry) when its own transaction did not land, and notes why', async () => {
    const { dex, chain, calls } = market([{ order: 1, code: DexErrorCode.BLOCKHASH_EXPIRED }]);
    const store = new OrderStore({ status: 'submitted', attempt: 1, lastSeq: 4 });
    const { built, ctx } = await builtFor(dex, store, 1);
    store.order.execution = executionToJson({ attempt: 1, built, submitted: await dex.chain.send(built, ctx) });
    const err = await service(store, dex, chain).execute(ORDER_ID, 1, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DexError);
    expect((err as DexError).code).toBe(DexErrorCode.BLOCKHASH_EXPIRED);
    expect(calls).toEqual(['send#1', 'confirm#1']);
    expect(store.events).toEqual([]);
    expect(store.notes).toEqual([{ code: DexErrorCode.BLOCKHASH_EXPIRED }]);
  });

  it('writes `failed` on the last attempt, with the code, and tells the processor not to retry', async () => {
    const { dex, chain } = market([{ order: 1, code: DexErrorCode.SLIPPAGE_EXCEEDED }]);
    const store = new OrderStore({});
    const err = await service(store, dex, chain).execute(ORDER_ID, 3, true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OrderFailedError);
    expect(store.statuses()).toEqual(['routing', 'building', 'submitted', 'failed']);
    expect(store.order).toMatchObject({ status: 'failed', errorCode: DexErrorCode.SLIPPAGE_EXCEEDED, attempt: 3 });
  });

  it('fails at once on a permanent failure, whatever the attempt', async () => {
    const { dex, chain } = market([{ order: 1, code: DexErrorCode.NO_ROUTE }]);
    const store = new OrderStore({});
    await expect(service(store, dex, chain).execute(ORDER_ID, 1, false)).rejects.toBeInstanceOf(OrderFailedError);
    expect(store.statuses()).toEqual(['failed']);
    expect(store.events[0]).toMatchObject({ code: DexErrorCode.NO_ROUTE, retryable: false });
  });

  it('stops without writing when another run moved the order first', async () => {
    const { dex, chain } = market();
    const store = new OrderStore({});
    const moved = store.transitions.transition.bind(store.transitions);
    // Another run moves the order between this run's read and its first step.
    let raced = false;
    (store.transitions as { transition: OrderTransitions['transition'] }).transition = async (id, req) => {
      if (!raced) {
        raced = true;
        await moved(id, { from: 'pending', to: 'routing', attempt: 1 });
      }
      return moved(id, req);
    };
    await expect(service(store, dex, chain).execute(ORDER_ID, 1, false)).resolves.toBeUndefined();
    expect(store.statuses()).toEqual(['routing']);
  });

  it('leaves a terminal order alone, and skips a job whose order does not exist', async () => {
    const { dex, chain, calls } = market();
    const store = new OrderStore({ status: 'confirmed', lastSeq: 5 });
    await service(store, dex, chain).execute(ORDER_ID, 1, false);
    await service(store, dex, chain).execute('01900000-0000-7000-8000-00000000dead', 1, false);
    expect(calls).toEqual([]);
    expect(store.events).toEqual([]);
  });
});
