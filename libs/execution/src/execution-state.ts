import { BuiltSwap, builtSwapFromJson, builtSwapToJson, SubmittedSwap } from '@app/dex';

/**
 * The transaction of the latest attempt, stored on the order (column `execution`) at `building`
 * and completed at `submitted`, so that a job run again after a crash can find it and settle it
 * instead of sending a second swap.
 */
export interface ExecutionState {
  attempt: number;
  built: BuiltSwap;
  submitted?: SubmittedSwap;
}

export function executionToJson(state: ExecutionState): Record<string, unknown> {
  return { attempt: state.attempt, built: builtSwapToJson(state.built), submitted: state.submitted ?? null };
}

export function executionFromJson(json: Record<string, unknown> | null): ExecutionState | undefined {
  if (!json || typeof json.attempt !== 'number' || !json.built) return undefined;
  const submitted = json.submitted as SubmittedSwap | null;
  return {
    attempt: json.attempt,
    built: builtSwapFromJson(json.built as Record<string, unknown>),
    submitted: submitted ?? undefined,
  };
}
