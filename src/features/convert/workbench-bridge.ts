/**
 * The page side of the workbench worker: creates the worker, wraps it with Comlink, forwards progress, turns an
 * AbortSignal into a cancel (and terminates a worker that does not stop), and terminates the worker when closed.
 */
import { proxy, wrap, type Endpoint, type Remote } from 'comlink';
import type {
  Download,
  DownloadKind,
  FindingPage,
  FindingQuery,
  WorkbenchApi,
  WorkbenchInput,
  WorkbenchOptions,
  WorkbenchProgress,
  WorkbenchSummary,
} from '../../core/workbench/contract';

/** How long a cancelled run may take to stop by itself before the worker is terminated. */
const cancelGraceMs = 3_000;

/** A worker, or anything that speaks postMessage and can be ended (tests use a MessagePort). */
export interface WorkerLike extends Endpoint {
  terminate(): void;
}

/**
 * The engine's API as the page uses it: `run` also takes an AbortSignal. Aborting cancels the run, which then
 * resolves with what was read so far (files marked cancelled); a worker that does not stop within a few seconds is
 * terminated and the run rejects with an AbortError.
 */
export interface WorkbenchBridgeApi extends WorkbenchApi {
  run(
    inputs: WorkbenchInput[],
    options: WorkbenchOptions,
    onProgress: (progress: WorkbenchProgress) => void,
    signal?: AbortSignal,
  ): Promise<WorkbenchSummary>;
}

export interface WorkbenchBridge {
  readonly api: WorkbenchBridgeApi;
  /** Terminates the worker; calls still pending reject. Safe to call twice. */
  close(): void;
}

/*
 * The page's global Worker, declared here so this module also type-checks under the Node config (its unit test runs
 * there). Vite bundles the worker because it sees the literal `new Worker(new URL(...), ...)` below.
 */
declare const Worker: new (url: URL, options: { type: 'module'; name: string }) => WorkerLike;

function startWorker(): WorkerLike {
  return new Worker(new URL('../../../workers/workbench.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ferry-workbench',
  });
}

function abortError(): Error {
  return new DOMException('The run was cancelled.', 'AbortError');
}

/** Starts a workbench worker and returns its API. */
export function connectWorkbench(createWorker: () => WorkerLike = startWorker): WorkbenchBridge {
  const worker = createWorker();
  const remote = wrap<WorkbenchApi>(worker);
  let closed = false;
  let rejectPending: (error: Error) => void = () => undefined;
  const closedSignal = new Promise<never>((_, reject) => {
    rejectPending = reject;
  });
  closedSignal.catch(() => undefined);

  const close = (): void => {
    if (closed) return;
    closed = true;
    worker.terminate();
    rejectPending(new Error('The workbench was closed.'));
  };
  /** Every call settles even if the worker dies: it races the worker being closed. */
  const call = <T>(promise: Promise<T>): Promise<T> =>
    closed ? Promise.reject(new Error('The workbench was closed.')) : Promise.race([promise, closedSignal]);

  const api: WorkbenchBridgeApi = {
    run: (inputs, options, onProgress, signal) =>
      runWithSignal(remote, call, close, { inputs, options, onProgress, signal }),
    cancel: () => {
      if (!closed) void remote.cancel();
    },
    findings: (query: FindingQuery): Promise<FindingPage> => call(remote.findings(query)),
    downloads: (only?: readonly (DownloadKind | 'part')[]): Promise<Download[]> =>
      call((remote.downloads as (only?: readonly (DownloadKind | 'part')[]) => Promise<Download[]>)(only)),
  };
  return { api, close };
}

interface RunRequest {
  inputs: WorkbenchInput[];
  options: WorkbenchOptions;
  onProgress: (progress: WorkbenchProgress) => void;
  signal: AbortSignal | undefined;
}

async function runWithSignal(
  remote: Remote<WorkbenchApi>,
  call: <T>(promise: Promise<T>) => Promise<T>,
  close: () => void,
  { inputs, options, onProgress, signal }: RunRequest,
): Promise<WorkbenchSummary> {
  if (signal?.aborted) throw abortError();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = (): void => {
    void remote.cancel();
    // The engine stops after the current chunk; a worker stuck longer than this is ended.
    timer = setTimeout(close, cancelGraceMs);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await call(remote.run(inputs, options, proxy(onProgress)));
  } catch (error) {
    throw signal?.aborted ? abortError() : error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
