import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';

/** What a log line can say about the work under way: the order, the request path. */
export interface LogContext {
  orderId?: string;
  path?: string;
}

const contexts = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` with `context` (added to the current one) attached to everything it starts, callbacks
 * and promises included, so the last-resort handlers below can say which order or request an
 * unhandled error came from.
 */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return contexts.run({ ...contexts.getStore(), ...context }, fn);
}

export function currentLogContext(): LogContext | undefined {
  return contexts.getStore();
}

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

function where(context: LogContext | undefined): string {
  const parts = [context?.orderId && `order ${context.orderId}`, context?.path && `path ${context.path}`].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * The process's last-resort error handlers, installed by the api and worker bootstraps where the
 * process starts (main.ts; never by createApiApp, which the tests call inside the test runner).
 *
 * - 'unhandledRejection': a promise rejected and nothing handled it. Every handler the engine
 *   starts catches its own errors, so this is a bug; but a rejection has already unwound its own
 *   async chain and no more, so the failure is local to one request, socket or job: log it, with
 *   the order id or request path where known, and keep serving (Node's default would exit).
 * - 'uncaughtException': an exception escaped a callback and unwound a synchronous stack half-way.
 *   State shared by everything in the process (maps, pools, half-sent protocol messages) may now
 *   be corrupt, and continuing could do worse than stopping: log at fatal and exit(1), and let
 *   the supervisor restart the process (an order in flight is resumed by another worker or the
 *   reconciler; see docs/reliability.md).
 */
export function installProcessSafetyNet(role: string, logger: SafetyNetLogger, proc: ProcessLike = process): void {
  proc.on('unhandledRejection', (reason: unknown) => {
    logger.error(`unhandled rejection in the ${role}${where(currentLogContext())}, still serving: ${describe(reason)}`);
  });
  proc.on('uncaughtException', (err: Error) => {
    logger.fatal(`uncaught exception in the ${role}${where(currentLogContext())}; exiting, its state may be corrupt: ${describe(err)}`);
    proc.exit(1);
  });
}
