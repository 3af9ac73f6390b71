/**
 * The live progress line, once a second: overwritten in place on a terminal, one plain line per
 * second otherwise (CI logs, `| tee`), where carriage returns would make a single unreadable line.
 */
import { LoadState } from './load-state';

export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private last = { at: 0, accepted: 0, terminal: 0, cpu: process.cpuUsage() };
  private readonly tty = process.stdout.isTTY === true;
  private width = 0;
  state: LoadState | null = null;

  start(): void {
    this.last = { at: Date.now(), accepted: 0, terminal: 0, cpu: process.cpuUsage() };
    const t0 = Date.now();
    this.timer = setInterval(() => this.print(t0), 1000);
  }

  private print(t0: number): void {
    const s = this.state;
    if (!s) return;
    const now = Date.now();
    const dt = Math.max(now - this.last.at, 1);
    const cpu = process.cpuUsage(this.last.cpu);
    const cpuPct = Math.round(((cpu.user + cpu.system) / (dt * 1000)) * 100);
    const line =
      `${((now - t0) / 1000).toFixed(0).padStart(4)}s  submitted ${s.submitted}  accepted ${s.accepted}` +
      ` (${Math.round(((s.accepted - this.last.accepted) * 1000) / dt)}/s)  terminal ${s.terminal}` +
      ` (${Math.round(((s.terminal - this.last.terminal) * 1000) / dt)}/s)  http in flight ${s.inflight}` +
      `  sockets ${s.openSockets}  client cpu ${cpuPct}%`;
    this.last = { at: now, accepted: s.accepted, terminal: s.terminal, cpu: process.cpuUsage() };
    if (this.tty) {
      process.stdout.write(`\r${line.padEnd(this.width)}`);
      this.width = line.length;
    } else {
      process.stdout.write(`${line}\n`);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.tty && this.width > 0) process.stdout.write('\n');
    this.width = 0;
  }
}
