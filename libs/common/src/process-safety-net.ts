import { inspect } from 'node:util';

export interface SafetyNetLogger {
  error(message: string): void;
  fatal(message: string): void;
}

type ProcessLike = Pick<NodeJS.Process, 'on' | 'exit'>;

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`;
  try {
    return inspect(reason, { depth: 2, breakLength: Infinity });
  } catch {
    return '(a value that cannot be shown)';
  }
}

/**
 * Which order or request the error belongs to, as far as it says itself: the engine's errors
 * carry `orderId` (and a request's, `requestId`). Async context tracking (AsyncLocalStorage) would
 * name it for any error, but its promise hooks tax every promise of the process, a few percent of
 * the CPU of every order (measured), to label a log line that only a bug produces.
 */
function where(reason: unknown): string {
  const field = (name: string) => {
    const value = typeof reason === 'object' && reason !== null ? (reason as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const orderId = field('orderId');
  const requestId = field('requestId');
  const parts = [orderId && `order ${orderId}`, requestId && `request ${requestId}`].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * The process's last-resort error handlers, installed by the api and worker bootstraps where the
 * process starts (main.ts; never by createApiApp, which the tests call inside the test runner).
 *
 * - 'unhandledRejection': a promise rejected and nothing handled it. Every handler the engine
 *   starts catches its own errors, so this is a bug; but a rejection has already unwound its own
 *   async chain and no more, so the failure is local to one request, socket or job: log it, with
 *   the order or request id where the error names it, and keep serving (Node's default would exit).
 * - 'uncaughtException': an exception escaped a callback and unwound a synchronous stack half-way.
 *   State shared by everything in the process (maps, pools, half-sent protocol messages) may now
 *   be corrupt, and continuing could do worse than stopping: log at fatal and exit(1), and let
 *   the supervisor restart the process (an order in flight is resumed by another worker or the
 *   reconciler; see docs/reliability.md).
 */
export function installProcessSafetyNet(role: string, logger: SafetyNetLogger, proc: ProcessLike = process): void {
  proc.on('unhandledRejection', (reason: unknown) => {
    logger.error(`unhandled rejection in the ${role}${where(reason)}, still serving: ${describe(reason)}`);
  });
  proc.on('uncaughtException', (err: Error) => {
    logger.fatal(`uncaught exception in the ${role}${where(err)}; exiting, its state may be corrupt: ${describe(err)}`);
    proc.exit(1);
  });
}
