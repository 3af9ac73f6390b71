import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { installProcessSafetyNet } from '@app/common';
import { captureLogs as capture } from '../testing/log-capture';
import { createEngineLogger, EngineLogLevel, EngineNestLogger, isPretty } from './engine-logger';
import { requestIdFrom } from './request-id';

type Capture = ReturnType<typeof capture>;
const jsonLogger = (out: Capture, level: EngineLogLevel = 'log', role = 'api') =>
  createEngineLogger({ level, format: 'json', role, destination: out.stream });
const nestLogger = (out: Capture, level: EngineLogLevel = 'log', role = 'api') => new EngineNestLogger(jsonLogger(out, level, role));

describe('the engine logger', () => {
  it('writes JSON lines with the level name, an ISO time, the role and the context', () => {
    const out = capture();
    const logger = nestLogger(out, 'log', 'api');
    logger.log('started', 'Bootstrap');
    logger.warn('careful');
    const [first, second] = out.lines();
    expect(first).toMatchObject({ level: 'info', role: 'api', context: 'Bootstrap', msg: 'started' });
    expect(new Date(first.time as string).toISOString()).toBe(first.time);
    expect(second).toMatchObject({ level: 'warn', msg: 'careful' });
  });

  it('maps LOG_LEVEL onto pino levels: a level keeps itself and the more severe ones', () => {
    const out = capture();
    const logger = nestLogger(out, 'warn', 'api');
    logger.verbose('v');
    logger.debug('d');
    logger.log('l');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    expect(out.lines().map((l) => l.level)).toEqual(['warn', 'error', 'fatal']);
    const verbose = capture();
    nestLogger(verbose, 'verbose', 'api').verbose('v');
    expect(verbose.lines()).toEqual([expect.objectContaining({ level: 'trace', msg: 'v' })]);
  });

  it('puts an object message\'s fields on the line (the order id and attempt of execution lines)', () => {
    const out = capture();
    const logger = new Logger('ExecutionService');
    Logger.overrideLogger(nestLogger(out, 'log', 'worker'));
    try {
      logger.warn({ orderId: 'o-1', attempt: 2, msg: 'attempt 2 of 3 failed' });
      logger.error('boom', 'Error: boom\n    at x');
    } finally {
      Logger.overrideLogger(false);
    }
    const [warn, error] = out.lines();
    expect(warn).toMatchObject({
      level: 'warn', context: 'ExecutionService', orderId: 'o-1', attempt: 2, msg: 'attempt 2 of 3 failed',
    });
    expect(error).toMatchObject({ level: 'error', context: 'ExecutionService', msg: 'boom', stack: 'Error: boom\n    at x' });
  });

  it('redacts credential headers and tickets wherever an object carries them', () => {
    const out = capture();
    const pino = jsonLogger(out, 'log', 'api');
    const headers = { authorization: 'Bearer sk_live_secret', 'x-api-key': 'sk_live_other', cookie: 'c=1', host: 'h' };
    pino.info({ req: { headers } }, 'r');
    pino.info({ upgrade: { ticket: 'tk_secret' } }, 't');
    expect(out.text()).not.toMatch(/sk_live|tk_secret|c=1/);
    expect(out.lines()[0]).toMatchObject({
      req: { headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', host: 'h' } },
    });
  });

  it('keeps the safety net\'s lines, through the new logger, at error and fatal', () => {
    const out = capture();
    Logger.overrideLogger(nestLogger(out, 'log', 'api'));
    const proc = new EventEmitter() as EventEmitter & { exit: jest.Mock };
    proc.exit = jest.fn();
    try {
      installProcessSafetyNet('api', new Logger('Process'), proc as never);
      proc.emit('unhandledRejection', Object.assign(new Error('lost'), { orderId: 'o-9' }));
      proc.emit('uncaughtException', new Error('broken'));
    } finally {
      Logger.overrideLogger(false);
    }
    const [rejection, exception] = out.lines();
    expect(rejection).toMatchObject({ level: 'error', context: 'Process' });
    expect(rejection.msg).toContain('unhandled rejection in the api (order o-9), still serving');
    expect(exception).toMatchObject({ level: 'fatal', context: 'Process' });
    expect(exception.msg).toContain('uncaught exception in the api');
    expect(proc.exit).toHaveBeenCalledWith(1);
  });

  it('is pretty on a terminal or when asked, JSON otherwise', () => {
    expect(isPretty('auto', true)).toBe(true);
    expect(isPretty('auto', false)).toBe(false);
    expect(isPretty('json', true)).toBe(false);
    expect(isPretty('pretty', false)).toBe(true);
    const out = capture();
    createEngineLogger({ level: 'log', format: 'pretty', role: 'api', destination: out.stream }).info('hello');
    expect(out.text()).toMatch(/INFO.*hello/);
    expect(() => JSON.parse(out.text())).toThrow();
  });
});

describe('requestIdFrom', () => {
  it('keeps a client\'s plain id and replaces anything else with a UUID', () => {
    expect(requestIdFrom('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    expect(requestIdFrom('a'.repeat(128))).toBe('a'.repeat(128));
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const bad of [undefined, '', 'a'.repeat(129), 'has space', 'new\nline', '<script>', ['a', 'b']]) {
      expect(requestIdFrom(bad)).toMatch(uuid);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
