import { canTransition, isTerminal, ORDER_STATUSES, predecessorsOf } from './order-status';

describe('order status machine', () => {
  it('walks the happy path one step at a time', () => {
    const path = ['pending', 'routing', 'building', 'submitted', 'confirmed'] as const;
    for (let i = 0; i + 1 < path.length; i++) expect(canTransition(path[i], path[i + 1])).toBe(true);
  });

  it('never skips a step forward', () => {
    expect(canTransition('pending', 'building')).toBe(false);
    expect(canTransition('pending', 'submitted')).toBe(false);
    expect(canTransition('routing', 'submitted')).toBe(false);
    expect(canTransition('routing', 'confirmed')).toBe(false);
    expect(canTransition('building', 'confirmed')).toBe(false);
  });

  it('lets every in-flight step retry from routing, and a triggered order start it from waiting', () => {
    expect(predecessorsOf('routing').sort()).toEqual(['building', 'pending', 'routing', 'submitted', 'waiting']);
  });

  it('lets any non-terminal status fail', () => {
    expect(predecessorsOf('failed').sort()).toEqual(['building', 'pending', 'routing', 'submitted', 'waiting']);
  });

  it('cancels only what has sent nothing to the chain, and expires only a waiting order', () => {
    expect(predecessorsOf('cancelled').sort()).toEqual(['building', 'pending', 'routing', 'waiting']);
    expect(predecessorsOf('expired')).toEqual(['waiting']);
  });

  it('sends a trigger order back to waiting from any in-flight step, never from pending', () => {
    expect(predecessorsOf('waiting').sort()).toEqual(['building', 'pending', 'routing', 'submitted']);
    expect(canTransition('waiting', 'waiting')).toBe(false);
  });

  it('never moves a terminal order', () => {
    for (const to of ORDER_STATUSES) {
      for (const terminal of ['confirmed', 'failed', 'cancelled', 'expired'] as const) expect(canTransition(terminal, to)).toBe(false);
    }
    expect(isTerminal('confirmed')).toBe(true);
    expect(isTerminal('failed')).toBe(true);
    expect(isTerminal('submitted')).toBe(false);
  });
});
