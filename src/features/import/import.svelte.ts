/**
 * The Import screen's state, in three parts the views read: `setup` (connection and options), `check` (the queued
 * files and their check) and `runs` (the run, its results, the runs to resume). This object ties them together: what
 * is still missing, whether anything is busy, and the verbs that span parts (open, prepare, start, new import).
 */
import { session } from '../../auth/session.svelte';
import type { UncertainStrategy } from '../../core/import';
import { takeUpdateHandoff } from '../update/update-handoff';
import { ImportCheckState } from './import-check.svelte';
import type { ConnectionChoice } from './import-connections';
import { ImportNotices } from './import-notices.svelte';
import { ImportRunControl } from './import-run-control.svelte';
import { ImportSetupState } from './import-setup.svelte';

/** A file prepared elsewhere (the bulk update flow) to import with given options. */
export interface PreparedImport {
  files: File[];
  upsert?: boolean;
  connection?: ConnectionChoice | null;
  note?: string;
}

export class ImportState {
  readonly #notices = new ImportNotices();
  readonly setup = new ImportSetupState();
  readonly check = new ImportCheckState(this.#notices);
  readonly runs = new ImportRunControl(this.#notices);
  #tenant: string | null = null;

  get busy(): boolean {
    return this.check.phase === 'checking' || this.runs.active;
  }
  get error(): string | null {
    return this.#notices.error;
  }
  get announcement(): string {
    return this.#notices.announcement;
  }
  /** Everything needed before the import can start, as the list of what is still missing. */
  get missing(): string[] {
    const missing = this.setup.missing;
    if (this.check.phase !== 'checked') missing.push('add files and let them be checked');
    return missing;
  }

  /** Called when the screen opens (and when the signed-in tenant changes): connections, resumable runs, hand-offs. */
  async open(hash: string): Promise<void> {
    this.check.warmUp();
    if (/[?&]from=update\b/.test(hash)) this.#takeHandoff();
    const tenant = session.current?.tenantDomain ?? null;
    if (tenant === null || tenant === this.#tenant) return;
    this.#tenant = tenant;
    await Promise.all([this.setup.loadConnections(session.api), this.runs.refreshResumable()]);
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
    this.setup.prefer(prepared.upsert, prepared.connection);
    void this.check.replace(prepared.files, prepared.note ?? null);
  }

  /** Adds files to the queue and checks the whole queue again (duplicates are found across files). */
  async addFiles(files: readonly File[]): Promise<void> {
    if (!this.busy) await this.check.add(files);
  }

  async removeFile(name: string): Promise<void> {
    if (!this.busy) await this.check.remove(name);
  }

  /** Empties the queue (to choose fixed files instead). */
  clearFiles(): void {
    if (!this.busy) this.check.clear();
  }

  /** Plans the parts from the checked files, stores the run and runs it. */
  async start(): Promise<void> {
    const connection = this.setup.connection;
    const options = this.setup.options;
    const tenant = session.current?.tenantDomain;
    if (this.busy || !connection || !options || !tenant || this.missing.length) return;
    await this.runs.start({
      tenant,
      connection,
      options,
      planParts: () => this.check.plan(options.chunkBytes),
    });
  }

  async resume(runId: string, uncertain: UncertainStrategy = 'ask'): Promise<void> {
    if (!this.busy) await this.runs.resume(runId, uncertain);
  }

  async show(runId: string): Promise<void> {
    if (!this.busy) await this.runs.show(runId);
  }

  /** Leaves the finished run's results and starts over with a new external id (files stay queued). */
  newImport(): void {
    if (this.busy) return;
    this.runs.clear();
    this.setup.renewExternalId();
  }

  dismissError(): void {
    this.#notices.setError(null);
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
