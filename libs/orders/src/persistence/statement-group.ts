/**
 * Group size and groups in flight for a kind of grouped statement: a group of this size still
 * takes only a few milliseconds, so no caller waits long behind one, and four in flight hold at
 * most four pooled connections.
 */
export const STATEMENT_GROUP = { maxBatch: 200, maxInFlight: 4 };
