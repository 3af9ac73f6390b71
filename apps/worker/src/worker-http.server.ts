import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { appConfig, AppConfig, observabilityConfig, ObservabilityConfig } from '@app/config';
import { EngineMetrics, liveness, ProbeAnswer, ProcessLifecycle, readiness } from '@app/observability';
import { ORDER_EVENTS_REDIS } from '@app/orders';

/**
 * A worker run alone has no api: this small HTTP server on WORKER_HTTP_PORT (0 = none) serves its
 * /metrics and its probes, /health/live and /health/ready (the same answers as the api's). It
 * listens once the worker is up and closes last, so that readiness answers 503 all through the
 * drain that follows a SIGTERM.
 */
@Injectable()
export class WorkerHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHttpServer.name);
  private server?: Server;

  constructor(
    private readonly metrics: EngineMetrics,
    private readonly lifecycle: ProcessLifecycle,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ORDER_EVENTS_REDIS) private readonly redis: Redis,
    @Inject(observabilityConfig.KEY) private readonly cfg: ObservabilityConfig,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  /** The port it listens on (the real one when WORKER_HTTP_PORT picks any), if it does. */
  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.cfg.workerHttpPort === 0) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        this.logger.error(`${req.method} ${req.url}: ${err.stack ?? err.message}`);
        if (!res.headersSent) send(res, failure(500, 'INTERNAL_ERROR', 'internal error'));
      });
    });
    // A prober or scraper holds no connection for long.
    server.requestTimeout = 10_000;
    server.headersTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `WORKER_HTTP_PORT ${this.cfg.workerHttpPort} is in use: give each worker its own port, or 0 for none`
              : `the worker's HTTP port could not open: ${err.message}`,
          ),
        ),
      );
      server.listen(this.cfg.workerHttpPort, this.app.host, () => resolve());
    });
    this.server = server;
    this.logger.log(`Worker metrics and probes on http://${this.app.host}:${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, failure(405, 'METHOD_NOT_ALLOWED', 'only GET and HEAD are served'));
    }
    if (path === '/metrics' && this.metrics.enabled) {
      const text = await this.metrics.metrics();
      res.writeHead(200, { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    if (path === '/health/live') return send(res, liveness());
    if (path === '/health/ready') {
      const checks = { postgres: () => this.db.query('SELECT 1'), redis: () => this.redis.ping() };
      return send(res, await readiness(this.lifecycle, checks));
    }
    const message = path === '/metrics' ? 'metrics are off (METRICS_ENABLED=false)' : `${path} is not served here`;
    send(res, failure(404, 'NOT_FOUND', message));
  }
}

/** An error answer in the engine's error body. */
function failure(status: number, code: string, message: string): ProbeAnswer {
  return { status, body: { statusCode: status, code, message } };
}

function send(res: ServerResponse, answer: ProbeAnswer): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
