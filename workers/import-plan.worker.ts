/**
 * The Import screen's worker: checks the dropped files with the workbench engine (the same reader, checker and fixes
 * as Convert & check) and plans the import's parts from them, so the page stays responsive. The check writes the
 * import parts of the default size as it goes and notes which records each holds; a run with that part size is
 * planned from them (no second read). Any other part size reads the files again and streams the checked records
 * into the planner, keeping no record between the check and the plan.
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
import { importCheckRunOptions, planChecked } from '../src/features/import/plan-from-check';
import type { PlanResult } from '../src/features/import/plan-stream';

let engine = createWorkbench();
let checked: { inputs: WorkbenchInput[]; summary: WorkbenchSummary } | null = null;

/** Every error finding of one file in the last check (for records that never reached the checker). */
async function errorsOf(file: string): Promise<Finding[]> {
  const all: Finding[] = [];
  for (let offset = 0; ; offset += 5_000) {
    const page = await engine.findings({ file, severity: 'error', offset, limit: 5_000 });
    all.push(...page.rows);
    if (page.rows.length < 5_000) return all;
  }
}

const api = {
  /** Checks the files; findings stay here for `findings`. */
  async check(
    inputs: WorkbenchInput[],
    onProgress: (progress: WorkbenchProgress) => void,
  ): Promise<WorkbenchSummary> {
    engine = createWorkbench();
    checked = null;
    const summary = await engine.run(inputs, importCheckRunOptions, onProgress);
    checked = { inputs, summary };
    return summary;
  },
  cancel(): void {
    engine.cancel();
  },
  findings(query: FindingQuery): Promise<FindingPage> {
    return engine.findings(query);
  },
  /** Plans the parts of the last check: records that failed the checks are skipped, with their reason. */
  async plan(chunkBytes: number): Promise<PlanResult> {
    if (!checked) throw new Error('Check the files before planning the import.');
    return planChecked(engine, { ...checked, lookup: errorsOf }, chunkBytes);
  },
};

/** What the page's bridge wraps (it imports this type only). */
export type ImportPlanWorkerApi = typeof api;

expose(api);
