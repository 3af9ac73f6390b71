import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort as closedPort } from './support/free-port';

/** Runs a built role with these settings until it exits; resolves with its exit code and output. */
function runRole(role: 'api' | 'worker', env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const script = join(__dirname, '..', 'dist', 'apps', role, 'apps', role, 'src', 'main.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('starting without Postgres or Redis', () => {
  it('names each service it cannot reach and how to start it, without a stack trace', async () => {
    const [pg, redis] = [await closedPort(), await closedPort()];
    for (const role of ['api', 'worker'] as const) {
      const { code, output } = await runRole(role, {
        DATABASE_URL: `postgres://postgres:secret-password@127.0.0.1:${pg}/order_engine`,
        REDIS_URL: `redis://127.0.0.1:${redis}`,
      });
      expect(code).toBe(1);
      expect(output).toContain(`PostgreSQL at 127.0.0.1:${pg} cannot be reached`);
      expect(output).toContain(`Redis at 127.0.0.1:${redis} cannot be reached`);
      expect(output).toContain('sudo service postgresql start');
      expect(output).toContain('docker compose -f docker/compose.yml up -d redis');
      expect(output).not.toMatch(/^\s+at /m);
      expect(output).not.toContain('secret-password');
    }
  });
});
