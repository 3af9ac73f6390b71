import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger as Pino } from 'pino';
import pinoPretty from 'pino-pretty';

/** The engine's LOG_LEVEL names, and pino's level for each. */
export const PINO_LEVELS = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
} as const satisfies Record<string, Level>;

export type EngineLogLevel = keyof typeof PINO_LEVELS;
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface EngineLoggerOptions {
  level: EngineLogLevel;
  format: LogFormat;
  /** `api` or `worker`, on every line. */
  role: string;
  /** Where lines go; stdout when absent (tests pass a stream of their own). */
  destination?: DestinationStream;
  /** Whether stdout is a terminal (for `auto`); process.stdout.isTTY when absent. */
  terminal?: boolean;
}

/**
 * Paths pino replaces with `[redacted]` wherever they appear in a line. The engine's own lines
 * never carry headers (the request line has method, route, URL and status only, and URLs go
 * through urlForLog, which hides `?ticket=` and key parameters); this is the second lock, for an
 * object logged whole by mistake.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  '*.apiKey',
  '*.ticket',
  '*.secret',
];

export function isPretty(format: LogFormat, terminal = process.stdout.isTTY === true): boolean {
  return format === 'pretty' || (format === 'auto' && terminal);
}

/**
 * The process's root logger. JSON lines (ISO time, level name, role, message in `msg`) when
 * stdout is not a terminal or LOG_FORMAT=json; pino-pretty's coloured lines on a terminal or with
 * LOG_FORMAT=pretty. Writes are synchronous, so that the last lines before an exit (the safety
 * net's fatal line) are never lost; the engine logs per request and per failure, not per step.
 */
export function createEngineLogger(options: EngineLoggerOptions): Pino {
  const pretty = isPretty(options.format, options.terminal);
  const stream: DestinationStream = pretty
    ? pinoPretty({
        destination: options.destination ?? 1,
        sync: true,
        colorize: options.destination === undefined && process.stdout.isTTY === true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
      })
    : (options.destination ?? pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: PINO_LEVELS[options.level],
      base: { role: options.role, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Level names ('warn'), not numbers, for people and grep; pino-pretty reads numbers.
      ...(pretty ? {} : { formatters: { level: (label: string) => ({ level: label }) } }),
    },
    stream,
  );
}

type PinoMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's LoggerService over pino: `new Logger('Context').warn(...)` anywhere in the engine becomes
 * a line with `context`. A message may be an object: its fields go on the line as they are, and
 * its `msg` is the message (the execution library logs `{ orderId, attempt, msg }`).
 */
export class EngineNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: PinoMethod, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    // Nest passes the context last, and for errors the stack first: error(message, stack, context).
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const severe = level === 'error' || level === 'fatal';
    const stack = severe && typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields.context = context;
    if (stack !== undefined) fields.stack = stack;
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, ...own } = message as Record<string, unknown>;
      this.pino[level]({ ...fields, ...own }, typeof msg === 'string' ? msg : undefined);
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
