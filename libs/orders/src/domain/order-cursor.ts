import { isOrderId } from './order-id';

/** Position in the newest-first listing: the (createdAt, id) of the last order of a page. */
export interface OrderCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: OrderCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

/** Undefined for anything that is not a cursor this API produced. */
export function decodeCursor(text: string): OrderCursor | undefined {
  const [at, id, extra] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !id || !isOrderId(id)) return undefined;
  const createdAt = new Date(at);
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id };
}
