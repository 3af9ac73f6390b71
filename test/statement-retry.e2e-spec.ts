import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { PUBLIC_ACCOUNT_ID } from '@app/accounts';
import { withLiveConnection } from '@app/database';
import { NewOrder, newOrderId, OrdersRepository } from '@app/orders';
import { MoveOutcome, OrderTransitionsRepository, StatusMove } from '@app/orders/persistence/order-transitions.repository';
import { useWorkerContext } from './support/worker-context';

/**
 * The second try of a grouped statement whose connection was lost after it committed: it runs
 * again on Postgres, and must find what the first try wrote instead of writing it twice or
 * answering that it failed. (Which errors lead to the retry, and that it happens once, is
 * MicroBatcher's and the classification's; here, what the statements do when it does.)
 */
describe('grouped statements tried again after they committed', () => {
  const f = useWorkerContext();
  let db: DataSource;
  let orders: OrdersRepository;
  let transitions: OrderTransitionsRepository;

  beforeAll(() => {
    db = f.context.get<DataSource>(getDataSourceToken());
    orders = f.context.get(OrdersRepository);
    transitions = f.context.get(OrderTransitionsRepository);
  });

  const insertGroup = (items: NewOrder[], retryOn?: QueryRunner): Promise<boolean[]> => orders['insertGroup'](items, retryOn);
  const moveGroup = (items: StatusMove[], retryOn?: QueryRunner): Promise<MoveOutcome[]> => transitions['moveGroup'](items, retryOn);

  function newOrder(idempotencyKey: string | null = null): NewOrder {
    const createdAt = new Date();
    return {
      id: newOrderId(createdAt.getTime()), accountId: PUBLIC_ACCOUNT_ID, type: 'market', tokenIn: 'SOL', tokenOut: 'USDC',
      amountIn: 1_000_000_000n, slippageBps: 50, triggerPrice: null, minOutFloor: null, maxPrice: null, expiresAt: null,
      priorityFee: null, maxPriorityFeeLamports: null, jitoTipLamports: null, idempotencyKey,
      requestHash: idempotencyKey && 'hash', createdAt,
    };
  }

  async function stored(ids: string[]) {
    const { rows } = await f.db.query(
      `SELECT o.id, o.last_seq, count(e.*)::int AS events FROM orders o JOIN order_events e ON e.order_id = o.id
        WHERE o.id = ANY($1::uuid[]) GROUP BY o.id ORDER BY o.number`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, lastSeq: r.last_seq, events: r.events }));
  }

  it('order inserts: a retry finds the orders the first try stored, and stores each once', async () => {
    const group = [newOrder(), newOrder(`retry-${Date.now()}`), newOrder()];
    await expect(insertGroup(group)).resolves.toEqual([true, true, true]);
    await expect(withLiveConnection(db, (r) => insertGroup(group, r))).resolves.toEqual([true, true, true]);
    const ids = group.map((o) => o.id);
    expect(await stored(ids)).toEqual(ids.map((id) => ({ id, lastSeq: 1, events: 1 })));
  });

  it('order inserts: on a retry, another order that took the idempotency key is still a replay, not this one stored', async () => {
    const key = `taken-${Date.now()}`;
    const first = newOrder(key);
    await insertGroup([first]);
    const other = newOrder(key);
    await expect(withLiveConnection(db, (r) => insertGroup([other], r))).resolves.toEqual([false]);
    expect(await stored([first.id, other.id])).toEqual([{ id: first.id, lastSeq: 1, events: 1 }]);
  });

  it('status changes: a retry recognises the move the first try made by its event, and moves nothing twice', async () => {
    const order = newOrder();
    await insertGroup([order]);
    const move: StatusMove = {
      orderId: order.id, from: ['pending'], to: 'routing', expectedSeq: 1, attempt: 1, set: {}, details: { n: 1 }, at: new Date(),
    };
    await expect(moveGroup([move])).resolves.toEqual([{ moved: true, seq: 2, attempt: 1 }]);
    await expect(withLiveConnection(db, (r) => moveGroup([move], r))).resolves.toEqual([{ moved: true, seq: 2, attempt: 1 }]);
    expect(await stored([order.id])).toEqual([{ id: order.id, lastSeq: 2, events: 2 }]);

    // The same step of another run (its own moment) is refused as before: it did not make that move.
    const other: StatusMove = { ...move, at: new Date(move.at.getTime() + 1) };
    await expect(withLiveConnection(db, (r) => moveGroup([other], r))).resolves.toEqual([{ moved: false, status: 'routing' }]);
    // And without the retry flag the first try's move is a refusal, as it always was.
    await expect(moveGroup([move])).resolves.toEqual([{ moved: false, status: 'routing' }]);
  });
});
