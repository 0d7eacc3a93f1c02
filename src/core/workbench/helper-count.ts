/** How many helper threads the workbench uses; a module of its own, so the page can tell without the engine. */

/** Helper threads a user may ask for by number. */
export const maxHelpers = 4;

/**
 * What `workers: 'auto'` means on a machine with `cores` cores (as `navigator.hardwareConcurrency` says). Measured
 * with `npm run bench` on 2 cores (1M-user NDJSON, check + import parts, Chromium): two helpers made the pass
 * ~1.3x faster than none (~100 vs ~74 MB/s) but raised the renderer's peak memory by ~80-100 MiB (each helper is a
 * V8 heap of its own: ~260 -> ~340 MiB). Two workers that only read and JSON.parse halves of the file do ~1.7x the
 * work of one there, but the whole pass scales less: even with the coordinating thread relieved of duplicates and
 * output (a measurement only), two helpers were 1.36x one thread, and two whole engines over halves of the file with
 * nothing shared were 1.32x (tests/bench/parallel-ceiling.ts). So none on 2 cores, where memory is likely
 * scarce too; from 4 cores, one per core but the coordinating thread's, at most `maxHelpers` (beyond that the
 * coordinating thread, which applies results and copies output bytes, becomes the bottleneck).
 */
export function autoHelperCount(cores: number | undefined): number {
  // A browser that does not tell (hardwareConcurrency 0 or missing) is taken for a small machine.
  const known = cores || 2;
  return known >= 4 ? Math.min(maxHelpers, known - 1) : 0;
}
