import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7: 48 bits of milliseconds then random bits. Time-ordered ids keep inserts at the right
 * edge of the primary-key index, which stays compact at millions of orders. The random part comes
 * from randomUUID (a v4, whose variant bits a v7 shares), which draws from a cached entropy pool
 * instead of one system call per id.
 */
export function newOrderId(nowMs: number = Date.now()): string {
  const random = randomUUID();
  const time = nowMs.toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isOrderId(value: string): boolean {
  return UUID.test(value);
}
