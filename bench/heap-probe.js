/*
 * Preloaded into engine processes by `npm run bench -- --heap` (node --expose-gc -r). On SIGWINCH,
 * which the engine does not otherwise handle, it runs a full garbage collection and appends the
 * live heap to BENCH_HEAP_FILE: what survives a full GC is what a leak would grow, free of the
 * young-generation and allocator swings that make RSS noisy.
 */
'use strict';
const { appendFileSync } = require('node:fs');

process.on('SIGWINCH', () => {
  if (typeof global.gc !== 'function' || !process.env.BENCH_HEAP_FILE) return;
  global.gc();
  const heapUsedMb = Math.round(process.memoryUsage().heapUsed / 104857.6) / 10;
  appendFileSync(process.env.BENCH_HEAP_FILE, `${heapUsedMb}\n`);
});
