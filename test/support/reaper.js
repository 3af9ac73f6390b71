// Removes what the fault suite started if the suite's process ends without its teardown (killed,
// interrupted, crashed): jest runs tests in a sandbox whose `process` never sees the real 'exit'
// or signals, so this runs as a detached process of its own. It watches the suite's pid and reads
// the manifest the suite keeps up to date; when the suite removes the manifest, it simply exits.
//   node reaper.js <manifest> <pid>
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { dirname, join } = require('node:path');

const [manifest, watched] = process.argv.slice(2);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const signal = (pid, sig) => {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
  }
};

function reap() {
  const { pids = [], postgres = [], dirs = [] } = JSON.parse(readFileSync(manifest, 'utf8'));
  for (const pid of pids) {
    signal(pid, 'SIGCONT');
    signal(pid, 'SIGKILL');
  }
  for (const { data, ctl } of postgres) {
    try {
      // A frozen postmaster cannot stop: wake it first. Its backends exit with it.
      const pm = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      signal(pm, 'SIGCONT');
      execFileSync(ctl[0], ctl.slice(1), { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // not running
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  rmSync(dirname(manifest), { recursive: true, force: true });
}

const timer = setInterval(() => {
  if (!existsSync(manifest)) return process.exit(0);
  if (alive(Number(watched))) return;
  clearInterval(timer);
  try {
    reap();
  } finally {
    process.exit(0);
  }
}, 500);
