import { checkServices, ServiceState } from '@app/common';
import { ProcessLifecycle } from './process-lifecycle';

export interface ProbeAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Liveness: the process answers at all (its event loop turns). Dependencies are readiness's concern. */
export function liveness(): ProbeAnswer {
  return { status: 200, body: { status: 'ok' } };
}

/**
 * Readiness: not draining, and Postgres and Redis answer on this process's own connections.
 * 503 names why: `DRAINING` (a SIGTERM arrived; the process is finishing its work) or
 * `DEPENDENCY_UNAVAILABLE` with the services that are down.
 */
export async function readiness(
  lifecycle: ProcessLifecycle,
  checks: Record<'postgres' | 'redis', () => Promise<unknown>>,
): Promise<ProbeAnswer> {
  if (lifecycle.draining) {
    const since = lifecycle.drainingSince!.toISOString();
    const body = { status: 'draining', code: 'DRAINING', message: 'the process is shutting down', since };
    return { status: 503, body };
  }
  const states: Record<string, ServiceState> = await checkServices(checks);
  const down = Object.keys(states).filter((name) => states[name] === 'down');
  if (down.length === 0) return { status: 200, body: { status: 'ready', checks: states } };
  const message = `${down.join(' and ')} did not answer`;
  const body = { status: 'unavailable', code: 'DEPENDENCY_UNAVAILABLE', message, down, checks: states };
  return { status: 503, body };
}
