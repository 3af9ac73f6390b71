import { EventEmitter } from 'node:events';
import { installProcessSafetyNet } from './process-safety-net';

function fakeProcess() {
  const proc = Object.assign(new EventEmitter(), { exit: jest.fn() });
  const logger = { error: jest.fn(), fatal: jest.fn() };
  installProcessSafetyNet('api', logger, proc as unknown as NodeJS.Process);
  return { proc, logger };
}

describe('installProcessSafetyNet', () => {
  it('logs an unhandled rejection with the order or request it names, and keeps the process', () => {
    const { proc, logger } = fakeProcess();
    proc.emit('unhandledRejection', Object.assign(new Error('boom'), { orderId: 'o-1', requestId: 'r-9' }), Promise.resolve());
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0][0]).toMatch(/^unhandled rejection in the api \(order o-1, request r-9\), still serving: Error: boom\n\s+at /);
    expect(proc.exit).not.toHaveBeenCalled();
  });

  it('logs a rejection with a value that is not an Error', () => {
    const { proc, logger } = fakeProcess();
    proc.emit('unhandledRejection', { code: 42 }, Promise.resolve());
    expect(logger.error).toHaveBeenCalledWith('unhandled rejection in the api, still serving: { code: 42 }');
  });

  it('logs an uncaught exception at fatal and exits with 1', () => {
    const { proc, logger } = fakeProcess();
    proc.emit('uncaughtException', new TypeError('corrupt'));
    expect(logger.fatal.mock.calls[0][0]).toMatch(/^uncaught exception in the api; exiting, its state may be corrupt: TypeError: corrupt/);
    expect(proc.exit).toHaveBeenCalledWith(1);
  });
});
