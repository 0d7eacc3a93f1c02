/**
 * The Import screen's planning, from dropped file to ready parts: the app's own bridge starts the real
 * workers/import-plan.worker.ts, which checks the file (workbench reader, checker and fixes) and then plans the parts
 * and cuts each part's payload Blob, exactly as the screen asks before a run starts.
 */
import { connectImportPlanner } from '../../../src/features/import/import-plan-bridge';
import type { ImportPlanResult } from '../bench-types';

/** Checks and plans `blob` in a new worker with `chunkBytes` parts; timed from worker start to the last payload. */
export async function runImportPlanOnce(
  fileName: string,
  blob: Blob,
  chunkBytes: number,
): Promise<ImportPlanResult> {
  const started = performance.now();
  const planner = connectImportPlanner();
  try {
    const summary = await planner.check([{ name: fileName, blob }], () => undefined);
    const checked = performance.now();
    const { plan, payloads } = await planner.plan(chunkBytes);
    const ended = performance.now();
    const sizes = payloads.map((payload) => payload.payload.size);
    return {
      ms: ended - started,
      checkMs: checked - started,
      planMs: ended - checked,
      total: summary.counts.total,
      valid: summary.counts.valid,
      fixed: summary.counts.fixed,
      invalid: summary.counts.invalid,
      chunks: plan.chunks.length,
      planned: plan.chunks.reduce((sum, chunk) => sum + chunk.recordCount, 0),
      skipped: plan.skipped.length,
      payloadBytes: sizes.reduce((sum, size) => sum + size, 0),
      largestPayload: Math.max(0, ...sizes),
    };
  } finally {
    planner.close();
  }
}
