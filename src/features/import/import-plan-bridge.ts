/**
 * The page side of the import-plan worker: starts it, wraps it with Comlink, forwards progress, and terminates it
 * when the screen is done with it. Cancelling a check asks the engine to stop after the record being read.
 */
import { proxy, wrap } from 'comlink';
import type {
  FindingPage,
  FindingQuery,
  WorkbenchInput,
  WorkbenchProgress,
  WorkbenchSummary,
} from '../../core/workbench/contract';
import type { ImportPlanWorkerApi } from '../../../workers/import-plan.worker';
import type { PlanResult } from './plan-stream';

/** What the Import screen's state needs from the planner (tests pass an in-process one). */
export interface ImportPlanner {
  check(
    inputs: WorkbenchInput[],
    onProgress: (progress: WorkbenchProgress) => void,
  ): Promise<WorkbenchSummary>;
  cancel(): void;
  findings(query: FindingQuery): Promise<FindingPage>;
  plan(chunkBytes: number): Promise<PlanResult>;
  close(): void;
}

/** Starts an import-plan worker. */
export function connectImportPlanner(): ImportPlanner {
  const worker = new Worker(new URL('../../../workers/import-plan.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ferry-import-plan',
  });
  const remote = wrap<ImportPlanWorkerApi>(worker);
  return {
    check: (inputs, onProgress) => remote.check(inputs, proxy(onProgress)),
    cancel: () => void remote.cancel(),
    findings: (query) => remote.findings(query),
    plan: (chunkBytes) => remote.plan(chunkBytes),
    close: () => worker.terminate(),
  };
}
