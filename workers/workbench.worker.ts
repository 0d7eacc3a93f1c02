/**
 * The workbench engine in a Web Worker, exposed through Comlink: files are read, checked and converted here so the
 * page stays responsive. Big NDJSON files can be checked on helper workers started from here (workbench-pool.ts).
 * No UI and no tokens live in this worker.
 */
import { expose } from 'comlink';
import { createRecordChecker } from '../src/core/rules/record-checker';
import { createWorkbench } from '../src/core/workbench/engine';
import { createWorkerPool } from './workbench-pool';

const startHelper = (): Worker =>
  new Worker(new URL('./workbench-batch.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ferry-workbench-batch',
  });

// For `workers: 'auto'` (opt-in: see defaultWorkers in thread-plan.ts). This worker needs little CPU (it reads the
// file, decides duplicates, writes outputs), and one helper alone was no faster than none on 2 cores (9.0 s vs
// 8.5 s for 1M users), so at least two; past four this worker becomes the bottleneck.
const autoHelpers = Math.min(4, Math.max(2, (self.navigator.hardwareConcurrency || 2) - 1));

const api = createWorkbench(createRecordChecker, { pool: createWorkerPool(startHelper, autoHelpers) });

/** What the page's bridge wraps (it imports this type only, never the worker module). */
export type WorkbenchWorkerApi = typeof api;

expose(api);
