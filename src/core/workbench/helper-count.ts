/** How many helper threads the workbench uses; a module of its own, so the page can tell without the engine. */

/** Helper threads a user may ask for by number. */
export const maxHelpers = 4;

/**
 * What `workers: 'auto'` means on a machine with `cores` cores (as `navigator.hardwareConcurrency` says). Measured
 * with `npm run bench` on 2 cores (1M users, check + import parts, Chromium), since plain records are checked from
 * their bytes: two helpers made the NDJSON pass ~1.15-1.2x faster than none (~140-150 vs ~121 MB/s) for ~45 MiB
 * more peak memory (~228 -> ~275 MiB), and the JSON array pass ~1.25x faster for ~80 MiB (to ~310 MiB, over the
 * 300 MiB the 1M-user pass is held to). Before that scan, two helpers bought ~1.3x for ~80-100 MiB, and two whole
 * engines over halves of the file with nothing shared were only ~1.4x one (tests/bench/parallel-ceiling.ts): on 2
 * cores the second core is already partly busy with V8's background collector and the Blob traffic. So none on 2
 * cores, where the default pass already runs at ~0.7 of plain JSON.parse and memory is likely scarce too; from 4
 * cores, one per core but the coordinating thread's, at most `maxHelpers` (beyond that the coordinating thread,
 * which applies results and copies output bytes, becomes the bottleneck).
 */
export function autoHelperCount(cores: number | undefined): number {
  // A browser that does not tell (hardwareConcurrency 0 or missing) is taken for a small machine.
  const known = cores || 2;
  return known >= 4 ? Math.min(maxHelpers, known - 1) : 0;
}
