/**
 * The Import screen's worker: checks the dropped files with the workbench engine (the same reader, checker and fixes
 * as Convert & check) and plans the import's parts from the checked records, so the page stays responsive.
 * Exposed through Comlink. No UI and no tokens live in this worker.
 */
import { expose } from 'comlink';
import type { Finding } from '../src/core/findings';
import type {
  FindingPage,
  FindingQuery,
  WorkbenchInput,
  WorkbenchProgress,
  WorkbenchSummary,
} from '../src/core/workbench/contract';
import { createWorkbench } from '../src/core/workbench/engine';
import { PlanCapture, planWithPayloads, type PlanResult } from '../src/features/import/plan-capture';

let capture = new PlanCapture();
let engine = createWorkbench(capture.checkerFactory);
let summary: WorkbenchSummary | null = null;

/** Every error finding of one file (for records that never reached the checker). */
async function errorsOf(file: string): Promise<Finding[]> {
  const all: Finding[] = [];
  for (let offset = 0; ; offset += 5_000) {
    const page = await engine.findings({ file, severity: 'error', offset, limit: 5_000 });
    all.push(...page.rows);
    if (page.rows.length < 5_000) return all;
  }
}

const api = {
  /** Checks the files (fixes on: exports are converted on the way); findings stay here for `findings`. */
  async check(
    inputs: WorkbenchInput[],
    onProgress: (progress: WorkbenchProgress) => void,
  ): Promise<WorkbenchSummary> {
    capture = new PlanCapture();
    engine = createWorkbench(capture.checkerFactory);
    summary = null;
    const result = await engine.run(
      inputs,
      { target: 'import', splitBytes: 450_000, fix: true, convert: false },
      onProgress,
    );
    summary = result;
    return result;
  },
  cancel(): void {
    engine.cancel();
  },
  findings(query: FindingQuery): Promise<FindingPage> {
    return engine.findings(query);
  },
  /** Plans the parts of the last check: records that failed the checks are skipped, with their reason. */
  async plan(chunkBytes: number): Promise<PlanResult> {
    if (!summary) throw new Error('Check the files before planning the import.');
    const inputs = await capture.inputs(summary, errorsOf);
    const sizes = Object.fromEntries(summary.files.map((file) => [file.name, file.bytes]));
    return planWithPayloads(inputs, chunkBytes, sizes);
  },
};

/** What the page's bridge wraps (it imports this type only). */
export type ImportPlanWorkerApi = typeof api;

expose(api);
