/**
 * Starts and resumes runs: wires core's runImport to the real ports (Management API, IndexedDB run store, stored
 * part payloads, the real clock) and holds a Web Lock per run, so two tabs never drive the same run at once.
 */
import type { ManagementApi } from '../../api/management-api';
import { runImport, type ImportPorts, type ImportRun, type UncertainStrategy } from '../../core/import';
import { dexieChunkPayloadSource } from '../../db/chunk-payloads';
import type { FerryDb } from '../../db/ferry-db';
import { DexieRunStore } from '../../db/run-store';
import { importClock, importJobsPort } from './import-jobs-adapter';

export interface RunControls {
  /** Stops at once (state saved, resumable; jobs already sent keep running on Auth0). */
  stop: AbortController;
  /** Graceful: send nothing more, let running jobs finish. */
  cancel: AbortController;
}

/** The ports of one run. */
export function portsFor(api: ManagementApi, db: FerryDb, runId: string): ImportPorts {
  return {
    api: importJobsPort(api),
    store: new DexieRunStore(db),
    clock: importClock,
    source: dexieChunkPayloadSource(db, runId),
  };
}

/** Thrown when another tab already drives the run. */
export class RunBusyElsewhere extends Error {
  override name = 'RunBusyElsewhere';
}

/**
 * Runs `work` holding the run's exclusive lock (shared by every tab of this origin); null when the lock is taken: the
 * run is being driven right now, here or in another tab. Without the Web Locks API (old browsers) it runs unlocked.
 */
export async function withRunLock<T>(runId: string, work: () => Promise<T>): Promise<T | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return work();
  return locks.request(`ferry-import-run-${runId}`, { ifAvailable: true }, async (lock) =>
    lock ? work() : null,
  );
}

/** Runs (or resumes) `run` to its end under the run's lock. */
export async function driveRun(
  run: ImportRun,
  ports: ImportPorts,
  controls: RunControls,
  uncertain: UncertainStrategy,
  onUpdate: (run: ImportRun) => void,
): Promise<ImportRun> {
  const result = await withRunLock(run.id, () =>
    runImport(run, ports, controls.stop.signal, { cancel: controls.cancel.signal, uncertain, onUpdate }),
  );
  if (result === null)
    throw new RunBusyElsewhere('This import is running in another tab or window of Ferry.');
  return result;
}

/** Unfinished runs of a tenant, newest first: the ones to offer for resuming. */
export async function unfinishedRuns(db: FerryDb, tenant: string): Promise<ImportRun[]> {
  const runs = await db.runs.where('tenant').equals(tenant).toArray();
  return runs
    .filter((run) => run.status !== 'finished' && run.status !== 'cancelled')
    .sort((a, b) => b.createdAt - a.createdAt);
}
