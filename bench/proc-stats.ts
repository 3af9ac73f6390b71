/**
 * Per-process memory and CPU from /proc, read directly: cheap enough to sample every second, and
 * no `ps` child process per sample. Linux only; elsewhere the figures are null.
 */
import { readFileSync } from 'node:fs';

// utime + stime of /proc/<pid>/stat, in clock ticks (100 a second on Linux).
export function cpuTicks(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null; // gone, or not Linux
  }
}
