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

  it('lets every in-flight step retry from routing, but not pending', () => {
    expect(predecessorsOf('routing').sort()).toEqual(['building', 'pending', 'routing', 'submitted']);
  });

  it('lets any non-terminal status fail', () => {
    expect(predecessorsOf('failed').sort()).toEqual(['building', 'pending', 'routing', 'submitted']);
  });

  it('never moves a terminal order', () => {
    for (const to of ORDER_STATUSES) {
      expect(canTransition('confirmed', to)).toBe(false);
      expect(canTransition('failed', to)).toBe(false);
    }
    expect(isTerminal('confirmed')).toBe(true);
    expect(isTerminal('failed')).toBe(true);
    expect(isTerminal('submitted')).toBe(false);
  });
});
