import { IllegalTransitionError } from './domain/order-errors';
import { OrderEventMessage } from './domain/order-view';
import { OrderEventsPublisher } from './events/order-events.publisher';
import { OrderTransitions } from './order-transitions.service';
import { MoveOutcome, OrderTransitionsRepository, StatusMove } from './persistence/order-transitions.repository';

/** A repository that answers each move with the next outcome given, and a publisher that records. */
function setup(outcomes: MoveOutcome[]) {
  const moves: StatusMove[] = [];
  const published: OrderEventMessage[] = [];
  const accounts: Array<string | undefined> = [];
  const order: string[] = [];
  const repository = {
    move: async (m: StatusMove) => {
      moves.push(m);
      order.push('move');
      return outcomes.shift();
    },
  } as unknown as OrderTransitionsRepository;
  const publisher = {
    publish: async (e: OrderEventMessage, accountId?: string) => {
      published.push(e);
      accounts.push(accountId);
      order.push('publish');
    },
  } as unknown as OrderEventsPublisher;
  return { transitions: new OrderTransitions(repository, publisher), moves, published, accounts, order };
}

describe('OrderTransitions', () => {
  it('refuses a change off the legal path without touching the database', async () => {
    const { transitions, moves } = setup([]);
    for (const [from, to] of [['pending', 'submitted'], ['routing', 'confirmed'], ['confirmed', 'routing'], ['failed', 'failed']] as const) {
      await expect(transitions.transition('o', { from, to })).rejects.toBeInstanceOf(IllegalTransitionError);
    }
    // One illegal status among those allowed is enough to refuse.
    await expect(transitions.transition('o', { from: ['routing', 'pending'], to: 'building' })).rejects.toThrow(
      'cannot move to building from pending',
    );
    expect(moves).toEqual([]);
  });

  it('writes a legal change, then publishes its event built from the stored seq and attempt', async () => {
    const { transitions, moves, published, accounts, order } = setup([{ moved: true, seq: 4, attempt: 2, type: 'market', acceptedAt: new Date(), accountId: 'acc' }]);
    const event = await transitions.transition('o', {
      from: 'building',
      to: 'submitted',
      expectedSeq: 3,
      set: { txHash: 'sig' },
      mergeIntoJson: { execution: { submitted: 1 } },
      details: { txHash: 'sig', seq: 99 },
    });
    expect(moves[0]).toMatchObject({
      orderId: 'o', from: ['building'], to: 'submitted', expectedSeq: 3, set: { txHash: 'sig' },
      mergeInto: { execution: { submitted: 1 } }, detailsInto: undefined,
    });
    // The details cannot override the identifying fields.
    expect(event).toMatchObject({ orderId: 'o', seq: 4, status: 'submitted', attempt: 2, txHash: 'sig' });
    expect(event.at).toBe(moves[0].at.toISOString());
    expect(published).toEqual([event]);
    // With the order's account, for the firehoses of that account.
    expect(accounts).toEqual(['acc']);
    expect(order).toEqual(['move', 'publish']);
  });

  it('passes "store the details in a column, except these keys" to the repository', async () => {
    const { transitions, moves } = setup([{ moved: true, seq: 2, attempt: 1, type: 'market', acceptedAt: new Date(), accountId: 'acc' }]);
    await transitions.transition('o', {
      from: 'pending', to: 'routing', attempt: 1,
      storeDetailsIn: { route: { except: ['venue', 'retryOf'] } },
    });
    expect(moves[0].detailsInto).toEqual({ route: ['venue', 'retryOf'] });
  });

  it('reports the status the order is really in when the database refused the change, and publishes nothing', async () => {
    const { transitions, published } = setup([{ moved: false, status: 'confirmed' }, { moved: false, status: undefined }]);
    await expect(transitions.transition('o', { from: 'submitted', to: 'confirmed' })).rejects.toThrow(
      'order o cannot move to confirmed from confirmed',
    );
    await expect(transitions.transition('gone', { from: 'pending', to: 'routing' })).rejects.toThrow(
      'from an unknown status',
    );
    expect(published).toEqual([]);
  });
});
