/**
 * The Import screen's runs: starting a planned run, driving it (progress ticks, announcements), cancelling,
 * resuming a stored one, and the results when it ends. Runs and payloads are stored before anything is sent.
 */
import { session } from '../../auth/session.svelte';
import {
  computeProgress,
  createImportRun,
  type ImportPlan,
  type ImportRun,
  type RunProgress,
  type UncertainStrategy,
} from '../../core/import';
import type { NewRunInput } from '../../core/import/create-run';
import { saveChunkPayloads, type PlannedPayload } from '../../db/chunk-payloads';
import { db } from '../../db/db';
import { DexieRunStore } from '../../db/run-store';
import { announceRun } from './import-announce';
import { problemText } from './import-connections';
import type { ImportNotices } from './import-notices.svelte';
import { buildRunResults, type RunResults } from './import-results';
import { driveRun, portsFor, unfinishedRuns, type RunControls } from './import-runner';

export type RunPhase = 'idle' | 'planning' | 'running' | 'cancelling' | 'stopped';

/** What a new run is made of: everything createImportRun takes but the plan and the time, and how to plan. */
export type RunRequest = Omit<NewRunInput, 'plan' | 'now'> & {
  planParts: () => Promise<{ plan: ImportPlan; payloads: PlannedPayload[] }>;
};

/** Shallow copies so Svelte sees every saved change of the run (core mutates one object in place). */
const snapshot = (run: ImportRun): ImportRun => ({
  ...run,
  chunks: run.chunks.map((chunk) => ({ ...chunk })),
});

export class ImportRunControl {
  readonly #notices: ImportNotices;
  #controls: RunControls | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  #lastAnnounced = 0;

  #phase = $state<RunPhase>('idle');
  #run = $state.raw<ImportRun | null>(null);
  #now = $state(Date.now());
  #results = $state.raw<RunResults | null>(null);
  #resumable = $state.raw<ImportRun[]>([]);

  constructor(notices: ImportNotices) {
    this.#notices = notices;
  }

  get phase(): RunPhase {
    return this.#phase;
  }
  /** Planning, running or cancelling. */
  get active(): boolean {
    return this.#phase !== 'idle' && this.#phase !== 'stopped';
  }
  get run(): ImportRun | null {
    return this.#run;
  }
  get progress(): RunProgress | null {
    return this.#run ? computeProgress(this.#run, this.#now) : null;
  }
  get results(): RunResults | null {
    return this.#results;
  }
  get resumable(): readonly ImportRun[] {
    return this.#resumable;
  }

  /** Plans the parts, stores the run and its payloads, and runs it. Invalid records are skipped, with reasons. */
  async start(request: RunRequest): Promise<void> {
    this.#notices.setError(null);
    this.#results = null;
    this.#phase = 'planning';
    this.#notices.announce('Planning the import parts.');
    try {
      const { planParts, ...input } = request;
      const { plan, payloads } = await planParts();
      const run = createImportRun({ ...input, plan, now: Date.now() });
      const store = new DexieRunStore(db);
      await saveChunkPayloads(db, run.id, payloads);
      await store.saveRun(run);
      await store.saveOutcomes(run.id, plan.skipped);
      await this.#drive(run, 'ask');
    } catch (error) {
      this.#phase = 'stopped';
      this.#notices.setError(`The import could not start: ${problemText(error)}`);
    }
  }

  /** Resumes a stored run; `uncertain` resolves parts whose send was interrupted (never chosen silently). */
  async resume(runId: string, uncertain: UncertainStrategy = 'ask'): Promise<void> {
    const run = await db.runs.get(runId);
    if (!run) {
      this.#notices.setError('This import is no longer stored (deleted in another tab?).');
      await this.refreshResumable();
      return;
    }
    this.#notices.setError(null);
    this.#results = null;
    await this.#drive(run, uncertain);
  }

  /** Graceful cancel: nothing more is sent; jobs already running finish and are reported. */
  cancel(): void {
    if (this.#phase !== 'running' || !this.#controls) return;
    this.#phase = 'cancelling';
    this.#notices.announce('Cancelling: no more parts are sent; running jobs finish first.');
    this.#controls.cancel.abort();
  }

  async #drive(run: ImportRun, uncertain: UncertainStrategy): Promise<void> {
    const controls: RunControls = { stop: new AbortController(), cancel: new AbortController() };
    this.#controls = controls;
    this.#run = snapshot(run);
    this.#phase = 'running';
    this.#startTicker();
    const ports = portsFor(session.api, db, run.id);
    try {
      const ended = await driveRun(run, ports, controls, uncertain, (updated) => {
        this.#run = snapshot(updated);
        this.#announceMaybe();
      });
      this.#run = snapshot(ended);
      this.#notices.announce(announceRun(ended, computeProgress(ended, Date.now()), true));
      this.#results = await buildRunResults(ended, new DexieRunStore(db), ports.source, controls.stop.signal);
    } catch (error) {
      this.#notices.setError(`The import stopped: ${problemText(error)}`);
    } finally {
      this.#controls = null;
      this.#phase = 'stopped';
      this.#stopTicker();
      await this.refreshResumable();
    }
  }

  #announceMaybe(): void {
    const now = Date.now();
    if (!this.#run || now - this.#lastAnnounced < 5_000) return;
    this.#lastAnnounced = now;
    this.#notices.announce(announceRun(this.#run, computeProgress(this.#run, now), false));
  }

  #startTicker(): void {
    this.#stopTicker();
    this.#ticker = setInterval(() => (this.#now = Date.now()), 1_000);
  }

  #stopTicker(): void {
    if (this.#ticker !== null) clearInterval(this.#ticker);
    this.#ticker = null;
    this.#now = Date.now();
  }

  /** Looks for this tenant's unfinished runs in the database. */
  async refreshResumable(): Promise<void> {
    const tenant = session.current?.tenantDomain;
    const current = this.#phase === 'running' || this.#phase === 'cancelling' ? this.#run?.id : undefined;
    this.#resumable = tenant ? (await unfinishedRuns(db, tenant)).filter((run) => run.id !== current) : [];
  }

  /** Leaves the finished run's results. */
  clear(): void {
    this.#run = null;
    this.#results = null;
    this.#phase = 'idle';
  }

  /** Shows a stored run's state and results without running it (e.g. one waiting for a decision). */
  async show(runId: string): Promise<void> {
    const run = await db.runs.get(runId);
    if (!run) return;
    this.#run = run;
    this.#phase = 'stopped';
    const ports = portsFor(session.api, db, run.id);
    this.#results = await buildRunResults(
      run,
      new DexieRunStore(db),
      ports.source,
      AbortSignal.timeout(120_000),
    );
  }
}
