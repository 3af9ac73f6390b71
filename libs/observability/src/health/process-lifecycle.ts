import { Inject, Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';

const DRAIN_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** What the lifecycle listens on: the process, or a stand-in in tests. */
export type SignalSource = Pick<NodeJS.Process, 'on' | 'removeListener'>;
export const SIGNAL_SOURCE = Symbol('SIGNAL_SOURCE');

/**
 * Whether this process is draining: from the moment SIGTERM (or SIGINT) arrives, or the
 * application starts closing, readiness answers 503 so that a load balancer stops sending new
 * work while running orders finish (the worker drains for up to SHUTDOWN_TIMEOUT_MS, serving
 * HTTP all along). The listener only sets a flag: Nest's own shutdown hooks do the closing.
 */
@Injectable()
export class ProcessLifecycle implements OnModuleInit, OnModuleDestroy {
  private since?: Date;
  private readonly onSignal = () => this.startDraining();
  private readonly proc: SignalSource;

  constructor(@Optional() @Inject(SIGNAL_SOURCE) proc?: SignalSource) {
    this.proc = proc ?? process;
  }

  get draining(): boolean {
    return this.since !== undefined;
  }

  /** When draining started, if it did. */
  get drainingSince(): Date | undefined {
    return this.since;
  }

  startDraining(): void {
    this.since ??= new Date();
  }

  onModuleInit(): void {
    for (const signal of DRAIN_SIGNALS) this.proc.on(signal, this.onSignal);
  }

  /** The first shutdown hook: the application is closing, whatever asked it to. */
  onModuleDestroy(): void {
    this.startDraining();
    // Removed before Nest re-sends the signal to end the process, which this listener would stop.
    for (const signal of DRAIN_SIGNALS) this.proc.removeListener(signal, this.onSignal);
  }
}
