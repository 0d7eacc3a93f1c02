/**
 * The Convert & check screen's state: the chosen files and options, the run in the worker, its progress, summary,
 * findings and downloads. The single place that talks to the workbench engine; views read the getters and call the
 * named verbs.
 */
import type {
  WorkbenchApi,
  WorkbenchOptions,
  WorkbenchProgress,
  WorkbenchSummary,
} from '../../core/workbench/contract';
import { ConvertChoices } from './convert-choices.svelte';
import { DownloadLinks, noDownloads, type DownloadGroups } from './download-links';
import { FindingsPager } from './findings-pager.svelte';
import { announceProgress, announceSummary, fileProgressRows, type FileProgressRow } from './run-progress';

/** A live engine and how to let it go. */
export interface WorkbenchConnection {
  readonly api: WorkbenchApi;
  close(): void;
}

export type ConnectWorkbench = () => WorkbenchConnection;
export type FetchSample = () => Promise<Blob>;

export type RunPhase = 'idle' | 'running' | 'cancelling' | 'done' | 'failed';
export type ZipState = 'none' | 'preparing' | 'ready' | 'failed';

/** The downloads shown with the results; the parts' zip follows. */
const withoutZip = ['converted', 'part', 'error-report-csv', 'error-report-json'] as const;

/** Progress is announced to screen readers at most this often, so they are not flooded. */
const announceEveryMs = 5_000;

/** The run on top of the choices (convert-choices.svelte.ts): progress, summary, findings, downloads. */
export class ConvertState extends ConvertChoices {
  readonly findings = new FindingsPager();
  readonly #connect: ConnectWorkbench;
  readonly #fetchSample: FetchSample;
  readonly #links = new DownloadLinks();
  #connection: WorkbenchConnection | null = null;
  #runId = 0;
  #lastAnnounced = 0;

  #phase = $state<RunPhase>('idle');
  #progress = $state.raw<WorkbenchProgress | null>(null);
  #summary = $state.raw<WorkbenchSummary | null>(null);
  #ranWith = $state.raw<WorkbenchOptions | null>(null);
  #downloads = $state.raw<DownloadGroups>(noDownloads());
  #zip = $state<ZipState>('none');
  #error = $state<string | null>(null);
  #announcement = $state('');

  constructor(connect: ConnectWorkbench, fetchSample: FetchSample) {
    super();
    this.#connect = connect;
    this.#fetchSample = fetchSample;
  }

  get phase(): RunPhase {
    return this.#phase;
  }
  get busy(): boolean {
    return this.#phase === 'running' || this.#phase === 'cancelling';
  }
  get progress(): WorkbenchProgress | null {
    return this.#progress;
  }
  /** One row per input file: waiting, reading (with live figures) or done. */
  get fileProgress(): FileProgressRow[] {
    return fileProgressRows(this.inputs, this.#progress, this.#phase === 'done');
  }
  get summary(): WorkbenchSummary | null {
    return this.#summary;
  }
  /** The options the shown summary was produced with. */
  get ranWith(): WorkbenchOptions | null {
    return this.#ranWith;
  }
  get downloads(): DownloadGroups {
    return this.#downloads;
  }
  /** Where the parts' zip is: none (one file or no run), being made after the results, ready or failed. */
  get zip(): ZipState {
    return this.#zip;
  }
  /** Why the last action failed, in words for the user; null when all is well. */
  get error(): string | null {
    return this.#error;
  }
  /** The latest polite message for screen readers. */
  get announcement(): string {
    return this.#announcement;
  }
  /** The options differ from the ones the shown results were made with. */
  get optionsChanged(): boolean {
    const options = this.options;
    const ran = this.#ranWith;
    if (!ran || !options) return false;
    return ran.target !== options.target || ran.splitBytes !== options.splitBytes || ran.fix !== options.fix;
  }
  get canRun(): boolean {
    return this.inputs.length > 0 && !this.busy && this.splitCheck.ok;
  }

  /** Starts the engine (a worker) ahead of use, so choosing a file needs no network request. */
  connect(): void {
    this.#connection ??= this.#connect();
  }

  /** Stops the engine and drops every result (leaving the page for good). */
  dispose(): void {
    this.#runId += 1;
    this.#links.clear();
    this.findings.close();
    this.#connection?.close();
    this.#connection = null;
  }

  /** Uses these files (replacing any chosen before) and checks them at once. */
  async chooseFiles(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    this.setInputs(files.map((file) => ({ name: file.name, blob: file })));
    await this.run();
  }

  /** Uses pasted text as a file named pasted.json and checks it. */
  async usePastedText(text: string): Promise<void> {
    if (text.trim() === '') {
      this.#error = 'The pasted text is empty: paste a JSON array, NDJSON or CSV of users first.';
      return;
    }
    const blob = new Blob([text], { type: 'application/json' });
    this.setInputs([{ name: 'pasted.json', blob }]);
    await this.run();
  }

  /** Loads the bundled sample file (a mix of good and bad users) and checks it. */
  async useSample(): Promise<void> {
    try {
      const blob = await this.#fetchSample();
      this.setInputs([{ name: 'sample-users.json', blob }]);
    } catch (error) {
      this.#error = `Could not load the sample file (${String(error)}). Check that the page was fully loaded.`;
      return;
    }
    await this.run();
  }

  /** Checks and converts the chosen files with the current options. */
  async run(): Promise<void> {
    const options = this.options;
    if (!options) {
      this.#error = 'Fix the split size before running.';
      return;
    }
    if (this.inputs.length === 0 || this.busy) return;
    this.connect();
    const api = (this.#connection as WorkbenchConnection).api;
    const runId = this.#start();
    try {
      const summary = await api.run([...this.inputs], options, (progress) =>
        this.#onProgress(runId, progress),
      );
      if (runId !== this.#runId) return;
      // Everything but the parts' zip, which takes seconds for a large file: it is added once it is ready.
      const downloads = await api.downloads(withoutZip);
      if (runId !== this.#runId) return;
      // The first page of findings is loaded before the results show, so they appear together.
      await this.findings.open((query) => api.findings(query));
      if (runId !== this.#runId) return;
      this.#downloads = this.#links.replace(downloads, options.target === 'import');
      this.#summary = summary;
      this.#ranWith = options;
      this.#phase = 'done';
      this.#announcement = announceSummary(summary);
      if (downloads.filter((download) => download.kind === 'part').length > 1) {
        void this.#addZip(runId, api, options.target === 'import');
      }
    } catch (error) {
      if (runId !== this.#runId) return;
      this.#fail(error);
    }
  }

  /** Builds the parts' zip after the results are shown and adds its link (unless another run started since). */
  async #addZip(runId: number, api: WorkbenchApi, importTarget: boolean): Promise<void> {
    this.#zip = 'preparing';
    try {
      const [zip] = await api.downloads(['parts-zip']);
      if (runId !== this.#runId) return;
      if (zip) this.#downloads = this.#links.add(this.#downloads, zip, importTarget);
      this.#zip = 'ready';
    } catch (error) {
      if (runId !== this.#runId) return;
      this.#zip = 'failed';
      this.#error = `The zip of all parts could not be made (${String(error)}); the parts can still be downloaded one by one.`;
    }
  }

  /** Asks the engine to stop after the current record; what was read so far stays reported. */
  cancel(): void {
    if (this.#phase !== 'running') return;
    this.#phase = 'cancelling';
    this.#announcement = 'Cancelling…';
    this.#connection?.api.cancel();
  }

  /** Clears the error message. */
  dismissError(): void {
    this.#error = null;
  }

  #start(): number {
    this.#runId += 1;
    this.#phase = 'running';
    this.#error = null;
    this.#progress = null;
    this.#summary = null;
    this.#ranWith = null;
    this.#links.clear();
    this.#downloads = noDownloads();
    this.#zip = 'none';
    this.findings.close();
    this.#lastAnnounced = 0;
    this.#announcement = `Checking ${this.inputs.length === 1 ? this.inputs[0].name : `${this.inputs.length} files`}…`;
    return this.#runId;
  }

  #onProgress(runId: number, progress: WorkbenchProgress): void {
    if (runId !== this.#runId) return;
    const fileChanged = progress.fileIndex !== this.#progress?.fileIndex;
    this.#progress = progress;
    const now = Date.now();
    if (fileChanged || now - this.#lastAnnounced >= announceEveryMs) {
      this.#lastAnnounced = now;
      this.#announcement = announceProgress(progress);
    }
  }

  #fail(error: unknown): void {
    const cancelled = this.#phase === 'cancelling';
    this.#phase = cancelled ? 'idle' : 'failed';
    this.#error = cancelled
      ? 'Cancelled. Nothing was kept from this run.'
      : `The checker stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}. ` +
        'Try again; if it happens again, reload the page.';
    this.#announcement = this.#error;
  }
}
