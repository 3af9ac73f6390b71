import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { TEST_ENV } from './test-env';

export interface RoleProcess {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts a built role (`dist/apps/<role>/apps/<role>/src/main.js`, from `npm run build`) as its own process and
 * resolves once it logs `ready`. Rejects with its output if it exits or is not ready in time.
 */
export function startRole(role: 'api' | 'worker', env: Record<string, string>, ready: RegExp): Promise<RoleProcess> {
  const script = join(__dirname, '..', '..', 'dist', 'apps', role, 'apps', role, 'src', 'main.js');
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...TEST_ENV, LOG_LEVEL: 'log', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${role} not ready after 20 s:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code}:\n${output}`));
    });
  });
}
