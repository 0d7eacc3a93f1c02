/**
 * The Import screen's files: the queue, its check in the import-plan worker (the whole queue is checked again on
 * every change, so duplicates are found across files) and the findings; the same worker plans the parts.
 */
import type { WorkbenchProgress, WorkbenchSummary } from '../../core/workbench/contract';
import { FindingsPager } from '../convert/findings-pager.svelte';
import { problemText } from './import-connections';
import type { ImportNotices } from './import-notices.svelte';
import { connectImportPlanner, type ImportPlanner } from './import-plan-bridge';
import type { PlanResult } from './plan-stream';

export type CheckPhase = 'idle' | 'checking' | 'checked' | 'failed';

export class ImportCheckState {
  readonly findings = new FindingsPager();
  readonly #notices: ImportNotices;
  #planner: ImportPlanner | null = null;

  #files = $state.raw<File[]>([]);
  #note = $state<string | null>(null);
  #phase = $state<CheckPhase>('idle');
  #progress = $state.raw<WorkbenchProgress | null>(null);
  #summary = $state.raw<WorkbenchSummary | null>(null);

  constructor(notices: ImportNotices) {
    this.#notices = notices;
  }

  get files(): readonly File[] {
    return this.#files;
  }
  /** Why these files are here, when they came from another screen. */
  get note(): string | null {
    return this.#note;
  }
  get phase(): CheckPhase {
    return this.#phase;
  }
  get progress(): WorkbenchProgress | null {
    return this.#progress;
  }
  get summary(): WorkbenchSummary | null {
    return this.#summary;
  }

  /** Starts the worker ahead of the first file. */
  warmUp(): void {
    this.#planner ??= connectImportPlanner();
  }

  /** Replaces the queue with files prepared by another screen, with a note saying why, and checks them. */
  async replace(files: readonly File[], note: string | null): Promise<void> {
    this.#note = note;
    this.#files = [];
    await this.add(files);
  }

  /** Adds files to the queue and checks the whole queue again. */
  async add(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    const names = this.#files.map((file) => file.name);
    const added = files.filter(
      (file, i) => !names.includes(file.name) && files.findIndex((f) => f.name === file.name) === i,
    );
    const renamed = files.length - added.length;
    this.#notices.setError(
      renamed
        ? `${renamed} file(s) with a name already in the queue were left out: each file of a run needs its own name.`
        : null,
    );
    this.#files = [...this.#files, ...added];
    await this.#check();
  }

  async remove(name: string): Promise<void> {
    this.#files = this.#files.filter((file) => file.name !== name);
    await this.#check();
  }

  /** Empties the queue (to choose fixed files instead). */
  clear(): void {
    this.#files = [];
    this.#note = null;
    this.#summary = null;
    this.#phase = 'idle';
    this.findings.close();
  }

  /** Plans the parts of the checked files (the worker reads them again and streams the records into the plan). */
  plan(chunkBytes: number): Promise<PlanResult> {
    if (!this.#planner || this.#phase !== 'checked')
      throw new Error('Check the files before planning the import.');
    return this.#planner.plan(chunkBytes);
  }

  async #check(): Promise<void> {
    const planner = (this.#planner ??= connectImportPlanner());
    this.findings.close();
    this.#summary = null;
    if (this.#files.length === 0) {
      this.#phase = 'idle';
      return;
    }
    this.#phase = 'checking';
    this.#progress = null;
    try {
      const inputs = this.#files.map((file) => ({ name: file.name, blob: file }));
      const summary = await planner.check(inputs, (progress) => (this.#progress = progress));
      this.#summary = summary;
      this.#phase = 'checked';
      this.#notices.announce(
        `Checked ${summary.counts.total} records: ${summary.counts.invalid} cannot be imported.`,
      );
      await this.findings.open((query) => planner.findings(query));
    } catch (error) {
      this.#phase = 'failed';
      this.#notices.setError(`The files could not be checked: ${problemText(error)}`);
    }
  }
}
