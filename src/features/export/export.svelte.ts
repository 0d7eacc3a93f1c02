/**
 * The Export screen's state: which users, which fields, the output, and the run (job, search or dropped file) with
 * its progress, result and history record. Views read the getters and call the verbs; nothing else talks to the
 * tenant, the worker or the database for this screen.
 */
import type { Connection } from '../../api/types';
import { session } from '../../auth/session.svelte';
import type { EngineProgress, EngineResult } from '../../core/export/pipeline/export-engine';
import { defaultCsvOptions, outputFileName } from '../../core/export/pipeline/output-spec';
import type { ExportOutputSpec, ExportSort, OutputFormat } from '../../core/export/pipeline/output-spec';
import type { RowProblem } from '../../core/export/pipeline/transform';
import { connectExportEngine, type ExportEnginePort, type WorkerTarget } from './export-bridge';
import { explainError } from './explain-error';
import { exportHistory } from './export-history';
import {
  downloadAndTransform,
  runQueryExport,
  startExportJob,
  transformDropped,
  type RunContext,
} from './export-run';
import { FieldEditor } from './field-editor.svelte';
import { LiveCount } from './live-count.svelte';
import { DownloadRefusedError, freshLink } from './tenant-export';
import { buildSample, type SamplePreview } from './sample-preview';

export type UsersSource = 'connection' | 'all' | 'query';
export type RunPhase = 'idle' | 'running' | 'refused' | 'done' | 'failed' | 'cancelled';

export interface ExportOutcome {
  fileName: string;
  /** Object URL of the Blob, or null when the file was written to disk. */
  href: string | null;
  blob: Blob | null;
  bytes: number;
  counts: EngineResult['counts'];
  unreadable: number;
  problems: RowProblem[];
  completeness: string | null;
  format: OutputFormat;
}

type ShowSaveFilePicker = (options: { suggestedName: string }) => Promise<FileSystemFileHandle>;

export class ExportState {
  readonly fields = new FieldEditor();
  readonly count = new LiveCount((q, signal) =>
    session.api
      .searchUsers({ q, perPage: 1, includeTotals: true, fields: ['user_id'] }, { signal })
      .then((p) => p.total),
  );
  #source = $state<UsersSource>('connection');
  #connections = $state.raw<Connection[]>([]);
  #connectionsError = $state<string | null>(null);
  #connectionId = $state('');
  #query = $state('');
  #format = $state<OutputFormat>('csv');
  #csv = $state({ ...defaultCsvOptions });
  #sort = $state<ExportSort>({ source: '', direction: 'asc' });
  #toDisk = $state(false);
  #phase = $state<RunPhase>('idle');
  #step = $state('');
  #progress = $state.raw<EngineProgress | null>(null);
  #outcome = $state.raw<ExportOutcome | null>(null);
  #error = $state<string | null>(null);
  #refusedJob = $state<string | null>(null);
  #link = $state<{ href: string; until: number } | null>(null);
  #sample = $state.raw<SamplePreview | null>(null);
  #sampling = $state(false);
  #engine: ExportEnginePort | null = null;
  #controller: AbortController | null = null;

  constructor() {
    this.fields.addDefaults();
  }

  get source(): UsersSource {
    return this.#source;
  }
  get connections(): readonly Connection[] {
    return this.#connections;
  }
  get connectionsError(): string | null {
    return this.#connectionsError;
  }
  get connectionId(): string {
    return this.#connectionId;
  }
  get query(): string {
    return this.#query;
  }
  get format(): OutputFormat {
    return this.#format;
  }
  get csv(): typeof defaultCsvOptions {
    return this.#csv;
  }
  get sort(): ExportSort {
    return this.#sort;
  }
  get toDisk(): boolean {
    return this.#toDisk;
  }
  get canWriteToDisk(): boolean {
    return typeof (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker === 'function';
  }
  get phase(): RunPhase {
    return this.#phase;
  }
  get busy(): boolean {
    return this.#phase === 'running';
  }
  get step(): string {
    return this.#step;
  }
  get progress(): EngineProgress | null {
    return this.#progress;
  }
  get outcome(): ExportOutcome | null {
    return this.#outcome;
  }
  get error(): string | null {
    return this.#error;
  }
  get link(): { href: string; until: number } | null {
    return this.#link;
  }
  get sample(): SamplePreview | null {
    return this.#sample;
  }
  get sampling(): boolean {
    return this.#sampling;
  }
  get spec(): ExportOutputSpec {
    const sort = this.#sort.source.trim() ? { ...this.#sort } : null;
    return { format: this.#format, fields: this.fields.fields, sort, csv: { ...this.#csv } };
  }
  /** Why the export cannot start, or null. */
  get blocker(): string | null {
    if (this.#format !== 'import-ready' && !this.fields.valid) return 'Fix the fields marked below first.';
    if (this.#source === 'connection' && this.#connectionId === '') return 'Choose a connection.';
    return null;
  }
  get connectionName(): string | null {
    return this.#connections.find((c) => c.id === this.#connectionId)?.name ?? null;
  }

  setSource(source: UsersSource): void {
    this.#source = source;
    if (source === 'query') this.count.request(this.#query);
    else this.count.stop();
  }
  setConnection(id: string): void {
    this.#connectionId = id;
  }
  setQuery(query: string): void {
    this.#query = query;
    this.count.request(query);
  }
  setFormat(format: OutputFormat): void {
    this.#format = format;
  }
  setCsv(change: Partial<typeof defaultCsvOptions>): void {
    this.#csv = { ...this.#csv, ...change };
  }
  setSort(change: Partial<ExportSort>): void {
    this.#sort = { ...this.#sort, ...change };
  }
  setToDisk(on: boolean): void {
    this.#toDisk = on;
  }

  /** Loads the connections the token may list (read:connections); without it, "all connections" and queries remain. */
  async loadConnections(): Promise<void> {
    this.#connectionsError = null;
    try {
      this.#connections = await session.api.listConnections({ signal: AbortSignal.timeout(60_000) });
      if (!this.#connections.some((c) => c.id === this.#connectionId))
        this.#connectionId = this.#connections[0]?.id ?? '';
    } catch (error) {
      this.#connectionsError = explainError(error);
      if (this.#source === 'connection') this.#source = 'all';
    }
  }

  /** Reads 10 users and shows the rows the export would write. */
  async runSample(): Promise<void> {
    this.#sampling = true;
    this.#error = null;
    try {
      const q = this.#sampleQuery();
      const page = await session.api.searchUsers(
        { q, perPage: 10, includeTotals: true },
        { signal: AbortSignal.timeout(60_000) },
      );
      this.#sample = buildSample(page.users, this.spec);
    } catch (error) {
      this.#error = explainError(error);
    } finally {
      this.#sampling = false;
    }
  }

  #sampleQuery(): string | undefined {
    if (this.#source === 'query') return this.#query.trim() || undefined;
    const name = this.connectionName;
    return this.#source === 'connection' && name
      ? `identities.connection:"${name.replace(/"/g, '\\"')}"`
      : undefined;
  }

  /** Runs the export. Must be called from the click (the save dialog needs the user's gesture). */
  async start(): Promise<void> {
    if (this.busy || this.blocker) return;
    const spec = this.spec;
    const what =
      this.#source === 'query'
        ? 'query'
        : this.#source === 'all'
          ? 'all'
          : (this.connectionName ?? 'connection');
    const fileName = outputFileName(spec.format, what, Date.now());
    const target = await this.#chooseTarget(fileName);
    if (!target) return;
    const ctx = this.#begin(spec, target);
    const record = await exportHistory.started({
      connection:
        this.#source === 'connection' ? { id: this.#connectionId, name: this.connectionName ?? '' } : null,
      query: this.#source === 'query' ? this.#query : null,
      spec,
    });
    let jobId: string | null = null;
    try {
      if (this.#source === 'query') {
        const result = await runQueryExport(ctx, this.#query);
        this.#finish(result, fileName, target, result.completeness);
      } else {
        jobId = await startExportJob(ctx, this.#source === 'connection' ? this.#connectionId : null);
        record.jobId = jobId;
        this.#finish(await downloadAndTransform(ctx, jobId), fileName, target, null);
      }
    } catch (error) {
      if (error instanceof DownloadRefusedError && jobId) {
        this.#refusedJob = jobId;
        this.#phase = 'refused';
        this.#error = error.message;
        this.#pendingName = fileName;
        return;
      }
      this.#fail(error);
    } finally {
      await exportHistory.ended(record, this.#phase, this.#outcome, this.#error);
    }
  }

  #pendingName = '';

  /** For the refused path: a link issued now (valid about 60 s) for the admin to download the file. */
  async getFreshLink(): Promise<void> {
    if (!this.#refusedJob) return;
    try {
      const href = await freshLink(session.api, this.#refusedJob, { signal: AbortSignal.timeout(30_000) });
      this.#link = { href, until: Date.now() + 60_000 };
    } catch (error) {
      this.#error = explainError(error);
    }
  }

  /** Converts an export file the admin downloaded (or any user file) with the current fields and output. */
  async dropExportFile(file: File): Promise<void> {
    if (this.busy) return;
    const spec = this.spec;
    const fileName =
      this.#pendingName ||
      outputFileName(spec.format, file.name.replace(/\.(json|ndjson|csv)?(\.gz)?$/i, ''), Date.now());
    const target = await this.#chooseTarget(fileName);
    if (!target) return;
    const ctx = this.#begin(spec, target);
    const record = await exportHistory.started({
      connection: null,
      query: null,
      spec,
      jobId: this.#refusedJob,
    });
    try {
      this.#finish(await transformDropped(ctx, file), fileName, target, null);
      this.#refusedJob = null;
      this.#link = null;
      this.#pendingName = '';
    } catch (error) {
      this.#fail(error);
    } finally {
      await exportHistory.ended(record, this.#phase, this.#outcome, this.#error);
    }
  }

  cancel(): void {
    this.#controller?.abort(new DOMException('The export was cancelled.', 'AbortError'));
    void this.#engine?.cancel();
  }

  /** Frees the worker and the file's memory (when the screen goes away). */
  dispose(): void {
    this.cancel();
    this.count.stop();
    if (this.#outcome?.href) URL.revokeObjectURL(this.#outcome.href);
    this.#engine?.close();
    this.#engine = null;
  }

  async #chooseTarget(fileName: string): Promise<WorkerTarget | null> {
    if (!this.#toDisk || !this.canWriteToDisk) return { kind: 'blob' };
    try {
      const pick = (globalThis as unknown as { showSaveFilePicker: ShowSaveFilePicker }).showSaveFilePicker;
      return { kind: 'file', handle: await pick({ suggestedName: fileName }) };
    } catch {
      return null; // The admin closed the save dialog.
    }
  }

  #begin(spec: ExportOutputSpec, _target: WorkerTarget): RunContext {
    this.#engine ??= connectExportEngine();
    this.#controller = new AbortController();
    if (this.#outcome?.href) URL.revokeObjectURL(this.#outcome.href);
    this.#outcome = null;
    this.#error = null;
    this.#progress = null;
    this.#phase = 'running';
    return {
      api: session.api,
      engine: this.#engine,
      spec,
      target: _target,
      signal: this.#controller.signal,
      onStep: (_step, detail) => (this.#step = detail),
      onProgress: (progress) => (this.#progress = progress),
    };
  }

  #finish(result: EngineResult, fileName: string, target: WorkerTarget, completeness: string | null): void {
    if (result.cancelled) {
      this.#phase = 'cancelled';
      return;
    }
    this.#outcome = {
      fileName: target.kind === 'file' ? target.handle.name : fileName,
      href: result.blob ? URL.createObjectURL(result.blob) : null,
      blob: result.blob,
      bytes: result.bytesOut,
      counts: result.counts,
      unreadable: result.unreadable,
      problems: result.problems,
      completeness,
      format: this.spec.format,
    };
    this.#phase = 'done';
  }

  #fail(error: unknown): void {
    const cancelled = this.#controller?.signal.aborted ?? false;
    this.#phase = cancelled ? 'cancelled' : 'failed';
    this.#error = cancelled ? null : explainError(error);
  }
}
