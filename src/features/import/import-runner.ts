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
 * Runs (or resumes) `run` to its end under an exclusive lock named after it. Without the Web Locks API (old
 * browsers) it runs unlocked.
 */
export async function driveRun(
  run: ImportRun,
  ports: ImportPorts,
  controls: RunControls,
  uncertain: UncertainStrategy,
  onUpdate: (run: ImportRun) => void,
): Promise<ImportRun> {
  const go = () =>
    runImport(run, ports, controls.stop.signal, { cancel: controls.cancel.signal, uncertain, onUpdate });
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return go();
  const result = await locks.request(`ferry-import-run-${run.id}`, { ifAvailable: true }, async (lock) => {
    if (!lock) return null;
    return go();
  });
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
