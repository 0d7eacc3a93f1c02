/**
 * The workbench engine in a Web Worker, exposed through Comlink: files are read, checked and converted here so the
 * page stays responsive. No UI and no tokens live in this worker.
 */
import { expose } from 'comlink';
import { createWorkbench } from '../src/core/workbench/engine';

const api = createWorkbench();

/** What the page's bridge wraps (it imports this type only, never the worker module). */
export type WorkbenchWorkerApi = typeof api;

expose(api);
