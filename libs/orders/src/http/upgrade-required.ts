import type { FastifyReply } from 'fastify';

export interface UpgradeRequiredBody {
  statusCode: 426;
  code: 'UPGRADE_REQUIRED';
  message: string;
}

/** The answer to a plain GET of a path that serves an order's stream as a WebSocket. */
export function upgradeRequired(reply: FastifyReply): UpgradeRequiredBody {
  reply.status(426).header('Upgrade', 'websocket').header('Connection', 'Upgrade');
  return {
    statusCode: 426,
    code: 'UPGRADE_REQUIRED',
    message: 'open a WebSocket on /api/orders/execute?orderId=<id> or /ws/orders/<id> to follow an order; GET /api/orders/<id> reads it',
  };
}
