import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RunningEngine, startEngine } from './support/engine';

const run = promisify(execFile);

/** The example client runs with plain node, as the README says, against a running engine. */
describe('examples/websocket-client.js', () => {
  let engine: RunningEngine;

  beforeAll(async () => {
    engine = await startEngine();
  });

  afterAll(() => engine.close());

  it('places orders and follows each to its final status, exiting 0', async () => {
    const { stdout } = await run(process.execPath, ['examples/websocket-client.js', '3'], {
      env: { ...process.env, ENGINE_URL: engine.baseUrl },
      timeout: 30_000,
    });
    expect(stdout).toContain(`submitting 3 order(s) to ${engine.baseUrl}`);
    expect(stdout).toMatch(/3 order\(s\) final: 3 confirmed, 0 not/);
    expect(stdout).toMatch(/#5 {2}confirmed/);
  });

  it('exits 1 with a clear message when the engine is not there, or the count is wrong', async () => {
    const unreachable = run(process.execPath, ['examples/websocket-client.js', '1'], {
      env: { ...process.env, ENGINE_URL: 'http://127.0.0.1:9' },
    });
    await expect(unreachable).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('engine unreachable at http://127.0.0.1:9') });
    const badCount = run(process.execPath, ['examples/websocket-client.js', 'many'], { env: process.env });
    await expect(badCount).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('the order count must be an integer') });
  });
});
