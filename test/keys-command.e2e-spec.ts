import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { TEST_ENV } from './support/test-env';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

/** A database the engine has never started on: the command must create and migrate it itself. */
const FRESH_URL = (() => {
  const url = new URL(TEST_ENV.DATABASE_URL);
  url.pathname = `${url.pathname}_keys`;
  return url.toString();
})();

async function dropFreshDatabase(): Promise<void> {
  const admin = new URL(FRESH_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${new URL(FRESH_URL).pathname.slice(1)}" WITH (FORCE)`);
  await client.end();
}

/** `npm run keys -- …` as a user runs it (through npm), or the built command for speed. */
async function keys(args: string[], { viaNpm = false } = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  const [file, argv] = viaNpm
    ? ['npm', ['run', '-s', 'keys', '--', ...args]]
    : [process.execPath, [join(ROOT, 'dist/apps/keys/apps/keys/src/main.js'), ...args]];
  try {
    const { stdout, stderr } = await run(file, argv, { cwd: ROOT, env: { ...process.env, DATABASE_URL: FRESH_URL } });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('npm run keys', () => {
  beforeAll(dropFreshDatabase);

  it('makes a key on a database the engine never started on, printing it once as JSON', async () => {
    const { stdout, code } = await keys(['create', '--name', 'alice', '--json'], { viaNpm: true });
    expect(code).toBe(0);
    const created = JSON.parse(stdout.trim());
    expect(created).toMatchObject({ name: 'alice', account: 'alice', admin: false, revokedAt: null });
    expect(created.key).toMatch(/^oek_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(`oek_${created.prefix}_`)).toBe(true);
  }, 60_000);

  it('stores only a hash of the secret, and never lists the secret', async () => {
    const created = JSON.parse((await keys(['create', '--name', 'bob', '--admin', '--orders-per-second', '5', '--json'])).stdout);
    const listed = JSON.parse((await keys(['list', '--json'])).stdout);
    expect(JSON.stringify(listed)).not.toContain(created.key.split('_').pop());
    expect(listed.find((k: { prefix: string }) => k.prefix === created.prefix)).toMatchObject({
      account: 'bob', admin: true, limits: { ordersPerSecond: 5, readsPerSecond: null, maxOpenOrders: null },
    });
    const db = new Client({ connectionString: FRESH_URL });
    await db.connect();
    const { rows } = await db.query('SELECT secret_hash FROM api_keys WHERE prefix = $1', [created.prefix]);
    await db.end();
    expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(created.key).not.toContain(rows[0].secret_hash);
  });

  it('revokes a key by its prefix, once', async () => {
    const created = JSON.parse((await keys(['create', '--name', 'carol', '--json'])).stdout);
    const revoked = await keys(['revoke', created.prefix]);
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.stdout).toContain(`Revoked key ${created.prefix}`);
    const again = await keys(['revoke', created.prefix]);
    expect(again.code).toBe(1);
    const listed = JSON.parse((await keys(['list', '--json'])).stdout);
    expect(listed.find((k: { prefix: string }) => k.prefix === created.prefix).revokedAt).not.toBeNull();
  });

  it('explains its usage and exits 2 on words it does not know', async () => {
    for (const args of [['create'], ['create', '--name', 'bad name'], ['drop'], ['create', '--name', 'x', '--orders-per-second', '-1']]) {
      const { code, stderr } = await keys(args);
      expect(code).toBe(2);
      expect(stderr).toContain('Usage: npm run keys');
    }
  });
});
