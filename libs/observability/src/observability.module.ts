import { Global, Injectable, Module, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { observeBatches } from '@app/common';
import { observabilityConfig, ObservabilityConfig } from '@app/config';
import { ProcessLifecycle } from './health/process-lifecycle';
import { EngineMetrics } from './metrics/engine-metrics';

/** Connects the metrics to what only exists once the app is built: the group-commit batchers and the pool. */
@Injectable()
export class MetricsWiring implements OnModuleInit, OnModuleDestroy {
  private readonly undo: Array<() => void> = [];

  constructor(
    private readonly metrics: EngineMetrics,
    @Optional() @InjectDataSource() private readonly db?: DataSource,
  ) {}

  onModuleInit(): void {
    if (!this.metrics.enabled) return;
    this.undo.push(observeBatches((name, size) => this.metrics.groupCommitBatch(name, size)));
    const db = this.db;
    if (db) {
      // TypeORM's Postgres driver keeps its pg Pool as `master`; read only at scrape time.
      this.undo.push(
        this.metrics.readPoolFrom(() => {
          const pool = (db.driver as unknown as { master?: Pool }).master;
          return pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
        }),
      );
    }
  }

  onModuleDestroy(): void {
    for (const undo of this.undo.splice(0)) undo();
  }
}

/**
 * Metrics and the process lifecycle (draining) for every role; global, so that any library can
 * record a metric. Logging is set up where the process starts (main.ts), before any module.
 */
@Global()
@Module({
  providers: [
    {
      provide: EngineMetrics,
      inject: [observabilityConfig.KEY],
      useFactory: (cfg: ObservabilityConfig) => new EngineMetrics({ enabled: cfg.metricsEnabled }),
    },
    ProcessLifecycle,
    MetricsWiring,
  ],
  exports: [EngineMetrics, ProcessLifecycle],
})
export class ObservabilityModule {}

