import { Writable } from 'node:stream';

export type LogLine = Record<string, unknown>;

export interface LogCapture {
  /** A destination for the engine's logger (`createEngineLogger({ destination })`). */
  stream: Writable;
  /** Every JSON line written so far, parsed. */
  lines: () => LogLine[];
  text: () => string;
}

/** A log destination that keeps every line written to it, for tests that read the engine's logs. */
export function captureLogs(): LogCapture {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const text = () => chunks.join('');
  const lines = () => text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine);
  return { stream, lines, text };
}
