/**
 * The Import screen's state: connection, options, the queued files and their check, the run and its results, and
 * the unfinished runs to resume. The one place that talks to the planner worker, the API and the database; views
 * read the getters and call the verbs.
 */
import type { ManagementApi } from '../../api/management-api';
import { session } from '../../auth/session.svelte';
import {
  computeProgress,
  createImportRun,
  defaultImportOptions,
  maxChunkBytes,
  type ImportRun,
  type RunProgress,
  type UncertainStrategy,
} from '../../core/import';
import type { WorkbenchProgress, WorkbenchSummary } from '../../core/workbench/contract';
import { saveChunkPayloads } from '../../db/chunk-payloads';
import { db } from '../../db/db';
import { DexieRunStore } from '../../db/run-store';
import { FindingsPager } from '../convert/findings-pager.svelte';
import { takeUpdateHandoff } from '../update/update-handoff';
import { announceRun } from './import-announce';
import {
  checkEnabledClients,
  databaseConnections,
  problemText,
  type ClientsCheck,
  type ConnectionChoice,
} from './import-connections';
import { connectImportPlanner, type ImportPlanner } from './import-plan-bridge';
import { buildRunResults, type RunResults } from './import-results';
import { driveRun, portsFor, unfinishedRuns, type RunControls } from './import-runner';

export type CheckPhase = 'idle' | 'checking' | 'checked' | 'failed';
export type RunPhase = 'idle' | 'planning' | 'running' | 'cancelling' | 'stopped';

export interface ImportChoices {
  upsert: boolean;
  sendCompletionEmail: boolean;
  externalId: string;
  chunkBytesText: string;
}

/** A file prepared elsewhere (the bulk update flow) to import with given options. */
export interface PreparedImport {
  files: File[];
  upsert?: boolean;
  connection?: ConnectionChoice | null;
  note?: string;
}

const freshChoices = (): ImportChoices => {
  const defaults = defaultImportOptions(Date.now());
  return {
    upsert: defaults.upsert,
    sendCompletionEmail: defaults.sendCompletionEmail,
    externalId: defaults.externalId,
    chunkBytesText: String(defaults.chunkBytes),
  };
};

/** Shallow copies so Svelte sees every saved change of the run (core mutates one object in place). */
const snapshot = (run: ImportRun): ImportRun => ({
  ...run,
  chunks: run.chunks.map((chunk) => ({ ...chunk })),
});

export class ImportState {
  readonly findings = new FindingsPager();
  #planner: ImportPlanner | null = null;
  #controls: RunControls | null = null;
  #tenant: string | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  #lastAnnounced = 0;

  #connections = $state.raw<ConnectionChoice[]>([]);
  #connectionsProblem = $state<string | null>(null);
  #connectionsLoading = $state(false);
  #connectionId = $state('');
  #clients = $state.raw<ClientsCheck>({ state: 'unknown' });
  #choices = $state<ImportChoices>(freshChoices());
  #files = $state.raw<File[]>([]);
  #note = $state<string | null>(null);
  #checkPhase = $state<CheckPhase>('idle');
  #checkProgress = $state.raw<WorkbenchProgress | null>(null);
  #summary = $state.raw<WorkbenchSummary | null>(null);
  #runPhase = $state<RunPhase>('idle');
  #run = $state.raw<ImportRun | null>(null);
  #now = $state(Date.now());
  #results = $state.raw<RunResults | null>(null);
  #resumable = $state.raw<ImportRun[]>([]);
  #error = $state<string | null>(null);
  #announcement = $state('');

  get connections(): readonly ConnectionChoice[] {
    return this.#connections;
  }
  get connectionsProblem(): string | null {
    return this.#connectionsProblem;
  }
  get connectionsLoading(): boolean {
    return this.#connectionsLoading;
  }
  get connectionId(): string {
    return this.#connectionId;
  }
  get connection(): ConnectionChoice | null {
    return this.#connections.find((c) => c.id === this.#connectionId) ?? null;
  }
  get clients(): ClientsCheck {
    return this.#clients;
  }
  get choices(): Readonly<ImportChoices> {
    return this.#choices;
  }
  /** The chunk size as a number, or the reason it is not acceptable. */
  get chunkBytes(): { ok: true; value: number } | { ok: false; message: string } {
    const value = Number(this.#choices.chunkBytesText.replace(/[\s,_]/g, ''));
    if (!Number.isInteger(value) || value < 1_000 || value > maxChunkBytes)
      return {
        ok: false,
        message: `Enter a whole number of bytes from 1,000 to ${maxChunkBytes.toLocaleString('en')}.`,
      };
    return { ok: true, value };
  }
  get files(): readonly File[] {
    return this.#files;
  }
  /** Why these files are here, when they came from another screen. */
  get note(): string | null {
    return this.#note;
  }
  get checkPhase(): CheckPhase {
    return this.#checkPhase;
  }
  get checkProgress(): WorkbenchProgress | null {
    return this.#checkProgress;
  }
  get summary(): WorkbenchSummary | null {
    return this.#summary;
  }
  get runPhase(): RunPhase {
    return this.#runPhase;
  }
  get busy(): boolean {
    return this.#checkPhase === 'checking' || (this.#runPhase !== 'idle' && this.#runPhase !== 'stopped');
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
  get error(): string | null {
    return this.#error;
  }
  get announcement(): string {
    return this.#announcement;
  }
  /** Everything needed before the import can start, as the list of what is still missing. */
  get missing(): string[] {
    const missing: string[] = [];
    if (!this.connection) missing.push('choose a connection');
    else if (this.#clients.state === 'none') missing.push('enable the connection for an application');
    if (!this.chunkBytes.ok) missing.push('fix the part size');
    if (this.#choices.externalId.trim() === '') missing.push('enter an external id');
    if (this.#checkPhase !== 'checked') missing.push('add files and let them be checked');
    return missing;
  }

  /** Called when the screen opens (and when the signed-in tenant changes): connections, resumable runs, hand-offs. */
  async open(hash: string): Promise<void> {
    this.#planner ??= connectImportPlanner();
    if (/[?&]from=update\b/.test(hash)) this.#takeHandoff();
    const tenant = session.current?.tenantDomain ?? null;
    if (tenant === null || tenant === this.#tenant) return;
    this.#tenant = tenant;
    await Promise.all([this.#loadConnections(session.api), this.refreshResumable()]);
  }

  #takeHandoff(): void {
    const handoff = takeUpdateHandoff();
    if (!handoff) return;
    this.prepare({
      files: [handoff.file],
      upsert: true,
      connection: handoff.connection,
      note: handoff.summary,
    });
  }

  /** Queues prepared files (e.g. from the bulk update flow) with their options, and checks them. */
  prepare(prepared: PreparedImport): void {
    if (this.busy) return;
    if (prepared.upsert !== undefined) this.#choices.upsert = prepared.upsert;
    if (prepared.connection) this.#connectionId = prepared.connection.id;
    this.#note = prepared.note ?? null;
    this.#files = [];
    void this.addFiles(prepared.files);
  }

  async #loadConnections(api: ManagementApi): Promise<void> {
    this.#connectionsLoading = true;
    this.#connectionsProblem = null;
    try {
      this.#connections = await databaseConnections(api, AbortSignal.timeout(60_000));
      const wanted = this.#connectionId;
      const only = this.#connections.length === 1 ? this.#connections[0].id : '';
      await this.chooseConnection(this.#connections.some((c) => c.id === wanted) ? wanted : only);
    } catch (error) {
      this.#connectionsProblem = problemText(error);
    } finally {
      this.#connectionsLoading = false;
    }
  }

  async chooseConnection(id: string): Promise<void> {
    this.#connectionId = id;
    if (!id) {
      this.#clients = { state: 'unknown' };
      return;
    }
    this.#clients = { state: 'checking' };
    const check = await checkEnabledClients(session.api, id, AbortSignal.timeout(60_000));
    if (this.#connectionId === id) this.#clients = check;
  }

  setChoice<K extends keyof ImportChoices>(key: K, value: ImportChoices[K]): void {
    this.#choices[key] = value;
  }

  /** Adds files to the queue and checks the whole queue again (duplicates are found across files). */
  async addFiles(files: readonly File[]): Promise<void> {
    if (this.busy || files.length === 0) return;
    const names = this.#files.map((file) => file.name);
    const added = files.filter(
      (file, i) => !names.includes(file.name) && files.findIndex((f) => f.name === file.name) === i,
    );
    const renamed = files.length - added.length;
    this.#error = renamed
      ? `${renamed} file(s) with a name already in the queue were left out: each file of a run needs its own name.`
      : null;
    this.#files = [...this.#files, ...added];
    await this.#check();
  }

  async removeFile(name: string): Promise<void> {
    if (this.busy) return;
    this.#files = this.#files.filter((file) => file.name !== name);
    await this.#check();
  }

  /** Empties the queue (to choose fixed files instead). */
  clearFiles(): void {
    if (this.busy) return;
    this.#files = [];
    this.#note = null;
    this.#summary = null;
    this.#checkPhase = 'idle';
    this.findings.close();
  }

  async #check(): Promise<void> {
    const planner = (this.#planner ??= connectImportPlanner());
    this.findings.close();
    this.#summary = null;
    if (this.#files.length === 0) {
      this.#checkPhase = 'idle';
      return;
    }
    this.#checkPhase = 'checking';
    this.#checkProgress = null;
    try {
      const inputs = this.#files.map((file) => ({ name: file.name, blob: file }));
      const summary = await planner.check(inputs, (progress) => (this.#checkProgress = progress));
      this.#summary = summary;
      this.#checkPhase = 'checked';
      this.#announcement = `Checked ${summary.counts.total} records: ${summary.counts.invalid} cannot be imported.`;
      await this.findings.open((query) => planner.findings(query));
    } catch (error) {
      this.#checkPhase = 'failed';
      this.#error = `The files could not be checked: ${problemText(error)}`;
    }
  }

  /** Plans the parts, stores the run and its payloads, and runs it. Invalid records are skipped, with reasons. */
  async start(): Promise<void> {
    const connection = this.connection;
    const bytes = this.chunkBytes;
    const tenant = session.current?.tenantDomain;
    if (this.busy || !connection || !bytes.ok || !tenant || !this.#planner || this.missing.length) return;
    this.#error = null;
    this.#results = null;
    this.#runPhase = 'planning';
    this.#announcement = 'Planning the import parts.';
    try {
      const { plan, payloads } = await this.#planner.plan(bytes.value);
      const options = {
        upsert: this.#choices.upsert,
        sendCompletionEmail: this.#choices.sendCompletionEmail,
        externalId: this.#choices.externalId.trim(),
        chunkBytes: bytes.value,
      };
      const run = createImportRun({ tenant, connection, plan, options, now: Date.now() });
      const store = new DexieRunStore(db);
      await saveChunkPayloads(db, run.id, payloads);
      await store.saveRun(run);
      await store.saveOutcomes(run.id, plan.skipped);
      await this.#drive(run, 'ask');
    } catch (error) {
      this.#runPhase = 'stopped';
      this.#error = `The import could not start: ${problemText(error)}`;
    }
  }

  /** Resumes a stored run; `uncertain` resolves parts whose send was interrupted (never chosen silently). */
  async resume(runId: string, uncertain: UncertainStrategy = 'ask'): Promise<void> {
    if (this.busy) return;
    const run = await db.runs.get(runId);
    if (!run) {
      this.#error = 'This import is no longer stored (deleted in another tab?).';
      await this.refreshResumable();
      return;
    }
    this.#error = null;
    this.#results = null;
    await this.#drive(run, uncertain);
  }

  /** Graceful cancel: nothing more is sent; jobs already running finish and are reported. */
  cancel(): void {
    if (this.#runPhase !== 'running' || !this.#controls) return;
    this.#runPhase = 'cancelling';
    this.#announcement = 'Cancelling: no more parts are sent; running jobs finish first.';
    this.#controls.cancel.abort();
  }

  async #drive(run: ImportRun, uncertain: UncertainStrategy): Promise<void> {
    const controls: RunControls = { stop: new AbortController(), cancel: new AbortController() };
    this.#controls = controls;
    this.#run = snapshot(run);
    this.#runPhase = 'running';
    this.#startTicker();
    const ports = portsFor(session.api, db, run.id);
    try {
      const ended = await driveRun(run, ports, controls, uncertain, (updated) => {
        this.#run = snapshot(updated);
        this.#announceMaybe();
      });
      this.#run = snapshot(ended);
      this.#announcement = announceRun(ended, computeProgress(ended, Date.now()), true);
      this.#results = await buildRunResults(ended, new DexieRunStore(db), ports.source, controls.stop.signal);
    } catch (error) {
      this.#error = `The import stopped: ${problemText(error)}`;
    } finally {
      this.#controls = null;
      this.#runPhase = 'stopped';
      this.#stopTicker();
      await this.refreshResumable();
    }
  }

  #announceMaybe(): void {
    const now = Date.now();
    if (!this.#run || now - this.#lastAnnounced < 5_000) return;
    this.#lastAnnounced = now;
    this.#announcement = announceRun(this.#run, computeProgress(this.#run, now), false);
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
    const current =
      this.#runPhase === 'running' || this.#runPhase === 'cancelling' ? this.#run?.id : undefined;
    this.#resumable = tenant ? (await unfinishedRuns(db, tenant)).filter((run) => run.id !== current) : [];
  }

  /** Leaves the finished run's results and starts over with a new external id (files stay queued). */
  newImport(): void {
    if (this.busy) return;
    this.#run = null;
    this.#results = null;
    this.#runPhase = 'idle';
    this.#choices.externalId = freshChoices().externalId;
  }

  /** Shows a stored run's state and results without running it (e.g. one waiting for a decision). */
  async show(runId: string): Promise<void> {
    if (this.busy) return;
    const run = await db.runs.get(runId);
    if (!run) return;
    this.#run = run;
    this.#runPhase = 'stopped';
    const ports = portsFor(session.api, db, run.id);
    this.#results = await buildRunResults(
      run,
      new DexieRunStore(db),
      ports.source,
      AbortSignal.timeout(120_000),
    );
  }

  dismissError(): void {
    this.#error = null;
  }
}

/** The Import screen's one state. */
export const importState = new ImportState();

/**
 * For other screens: queue prepared files on the Import screen with options (the bulk update flow hands over an
 * upsert file this way), then navigate to `#/import`.
 */
export function prepareImport(prepared: PreparedImport): void {
  importState.prepare(prepared);
}
