import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** The command the machine's Redis is started with (no persistence: a restart loses every key). */
const REDIS_ARGS = ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no'];

/**
 * Stops the local Redis without saving and starts it again, empty: what a crash of a Redis that
 * keeps nothing on disk does to the queue. Resolves once it answers PING again.
 */
export async function restartRedis(): Promise<void> {
  spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'shutdown', 'nosave']);
  const dir = '/tmp/engine-fault-redis';
  mkdirSync(dir, { recursive: true });
  execFileSync('redis-server', [...REDIS_ARGS, '--dir', dir, '--logfile', `${dir}/redis.log`]);
  const start = Date.now();
  while (spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'ping']).stdout?.toString().trim() !== 'PONG') {
    if (Date.now() - start > 10_000) throw new Error('redis did not come back within 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}
