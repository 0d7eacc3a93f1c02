/**
 * The Export screen's state: the run (job, search or dropped file) with its progress, result and history record, on
 * top of what to export (export-settings.svelte.ts). Views read the getters and call the verbs; nothing else talks to
 * the tenant, the worker or the database for this screen.
 */
import { session } from '../../auth/session.svelte';
import type { EngineProgress, EngineResult } from '../../core/export/pipeline/export-engine';
import { outputFileName } from '../../core/export/pipeline/output-spec';
import type { ExportOutputSpec } from '../../core/export/pipeline/output-spec';
import { connectExportEngine, type ExportEnginePort, type WorkerTarget } from './export-bridge';
import { explainError } from './explain-error';
import { exportHistory } from './export-history';
import { chooseSaveTarget, exportOutcome, type ExportOutcome } from './export-outcome';
import {
  downloadAndTransform,
  runQueryExport,
  startExportJob,
  transformDropped,
  type RunContext,
} from './export-run';
import { ExportSettings } from './export-settings.svelte';
import { DownloadRefusedError, freshLink } from './tenant-export';
import { buildSample, type SamplePreview } from './sample-preview';

export type { UsersSource } from './export-settings.svelte';
export type { ExportOutcome } from './export-outcome';
export type RunPhase = 'idle' | 'running' | 'refused' | 'done' | 'failed' | 'cancelled';

export class ExportState extends ExportSettings {
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
  /** Reads 10 users and shows the rows the export would write. */
  async runSample(): Promise<void> {
    this.#sampling = true;
    this.#error = null;
    try {
      const q = this.sampleQuery;
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

  /** Runs the export. Must be called from the click (the save dialog needs the user's gesture). */
  async start(): Promise<void> {
    if (this.busy || this.blocker) return;
    const spec = this.spec;
    const what = this.source === 'connection' ? (this.connectionName ?? 'connection') : this.source;
    const fileName = outputFileName(spec.format, what, Date.now());
    const target = await chooseSaveTarget(fileName, this.toDisk && this.canWriteToDisk);
    if (!target) return;
    const ctx = this.#begin(spec, target);
    const record = await exportHistory.started({
      connection:
        this.source === 'connection' ? { id: this.connectionId, name: this.connectionName ?? '' } : null,
      query: this.source === 'query' ? this.query : null,
      spec,
    });
    let jobId: string | null = null;
    try {
      if (this.source === 'query') {
        const result = await runQueryExport(ctx, this.query);
        this.#finish(result, fileName, target, result.completeness);
      } else {
        jobId = await startExportJob(ctx, this.source === 'connection' ? this.connectionId : null);
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
    const target = await chooseSaveTarget(fileName, this.toDisk && this.canWriteToDisk);
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
    this.#outcome = exportOutcome(result, fileName, target, completeness, this.spec.format);
    this.#phase = 'done';
  }

  #fail(error: unknown): void {
    const cancelled = this.#controller?.signal.aborted ?? false;
    this.#phase = cancelled ? 'cancelled' : 'failed';
    this.#error = cancelled ? null : explainError(error);
  }
}
