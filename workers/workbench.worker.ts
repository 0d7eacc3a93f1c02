/**
 * The workbench engine in a Web Worker, exposed through Comlink: files are read, checked and converted here so the
 * page stays responsive. Big NDJSON files and JSON arrays can be checked on helper workers started from here
 * (workbench-pool.ts), and the parts' zip is packed in a worker of its own (zip-host.ts).
 * No UI and no tokens live in this worker.
 */
import { expose } from 'comlink';
import { createRecordChecker } from '../src/core/rules/record-checker';
import { createWorkbench } from '../src/core/workbench/engine';
import { autoHelperCount } from '../src/core/workbench/helper-count';
import { createWorkerPool } from './workbench-pool';
import { zipInFreshWorker } from './zip-host';

const startHelper = (): Worker =>
  new Worker(new URL('./workbench-batch.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ferry-workbench-batch',
  });

// Helpers for `workers: 'auto'` (the default): none on 2 cores; see autoHelperCount for the measurements.
const autoHelpers = autoHelperCount(self.navigator.hardwareConcurrency);

const api = createWorkbench(createRecordChecker, {
  pool: createWorkerPool(startHelper, autoHelpers),
  zip: zipInFreshWorker,
});

/** What the page's bridge wraps (it imports this type only, never the worker module). */
export type WorkbenchWorkerApi = typeof api;

expose(api);
