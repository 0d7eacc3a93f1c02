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

/**
 * Helpers for `workers: 'auto'` (the default). Measured with `npm run bench` on a 2-core machine (1M-user NDJSON,
 * check + import parts): two helpers made the pass ~1.3x faster than this thread alone (~97 vs ~74 MB/s) but raised
 * the renderer's peak memory by ~90 MiB (each helper is a V8 heap of its own, ~250 -> ~340 MiB), and two cores
 * running JSON.parse side by side got only ~1.4x the work of one done. So none on 2 cores, where memory is likely
 * scarce too; from 4 cores on, one per core but this one, at most 4 (this thread then applies results and copies
 * output bytes; beyond four helpers it becomes the bottleneck).
 */
const cores = self.navigator.hardwareConcurrency || 2;
const autoHelpers = cores >= 4 ? Math.min(4, cores - 1) : 0;

const api = createWorkbench(createRecordChecker, { pool: createWorkerPool(startHelper, autoHelpers) });

/** What the page's bridge wraps (it imports this type only, never the worker module). */
export type WorkbenchWorkerApi = typeof api;

expose(api);
