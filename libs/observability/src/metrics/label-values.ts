/** The label value that stands for every value past a label's bound, or one that is not plain text. */
export const OTHER_LABEL = 'other';

/** Words, route patterns (`/api/orders/:id`) and group names (`order inserts`); no quotes, no control characters. */
const PLAIN = /^[A-Za-z0-9_.:/* -]{1,100}$/;

/**
 * Keeps one label's values few: the first `max` distinct plain values pass as they are, any
 * later one (and anything that is not short plain text) becomes `other`. The values a label
 * takes come from enums (order types, statuses, error codes, venues), so the bound is a safety
 * net: a bug that put an id into a label would add one series, not one per order.
 */
export class LabelValues {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (!PLAIN.test(value) || this.seen.size >= this.max) return OTHER_LABEL;
    this.seen.add(value);
    return value;
  }
}
