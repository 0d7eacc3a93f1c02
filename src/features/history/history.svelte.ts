/**
 * The History screen's state: one page of entries at a time, the filters, and the verbs (delete, export and import
 * the history, download a run's reports again, re-check a run). All writes go through the verbs; the view reads.
 */
import { session } from '../../auth/session.svelte';
import type { ImportRun } from '../../core/import/types';
import { db } from '../../db/db';
import type { ExportRecord } from '../../db/export-record';
import { exportHistoryFile, HistoryFileError, importHistoryFile } from '../../db/history-file';
import type { HistoryEntry, HistoryKind } from '../../db/history-entry';
import {
  deleteHistoryEntry,
  historyTenants,
  listHistory,
  type HistoryCursor,
  type HistoryFilter,
} from '../../db/history-list';
import { DexieRunStore } from '../../db/run-store';
import { downloadFailedRecords, downloadRunReport } from './history-downloads';
import type { RecheckReport } from './recheck-run';
import { fileStamp, saveFile } from './save-file';

/** Re-checks a run's jobs on the tenant (registered by history-recheck.ts, which holds the API client's side). */
export type RecheckRun = (runId: string) => Promise<RecheckReport>;

export type EntryDetails = { kind: 'import'; run: ImportRun } | { kind: 'export'; record: ExportRecord };

export interface HistoryMessage {
  tone: 'error' | 'info';
  text: string;
  problems?: string[];
}

/** Every status an entry can have, for the filter: import runs' and exports'. */
export const historyStatuses = [
  'planned',
  'running',
  'paused',
  'needs-decision',
  'cancelling',
  'finished',
  'failed',
  'cancelled',
] as const;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class HistoryState {
  #entries = $state<HistoryEntry[]>([]);
  #next = $state<HistoryCursor | null>(null);
  #filter = $state<HistoryFilter>({});
  #tenants = $state<string[]>([]);
  #loaded = $state(false);
  #busy = $state(false);
  #message = $state<HistoryMessage | null>(null);
  #details = $state<Record<string, EntryDetails | undefined>>({});
  #recheck = $state<RecheckRun | null>(null);
  #rechecks = $state<Record<string, RecheckReport | undefined>>({});
  #announcement = $state('');
  readonly #store = new DexieRunStore(db);

  get entries(): readonly HistoryEntry[] {
    return this.#entries;
  }
  get hasMore(): boolean {
    return this.#next !== null;
  }
  get filter(): Readonly<HistoryFilter> {
    return this.#filter;
  }
  get tenants(): readonly string[] {
    return this.#tenants;
  }
  /** False until the first page was read: the view shows no empty state before that. */
  get loaded(): boolean {
    return this.#loaded;
  }
  get busy(): boolean {
    return this.#busy;
  }
  get message(): HistoryMessage | null {
    return this.#message;
  }
  get filtered(): boolean {
    return Object.values(this.#filter).some((value) => value !== undefined);
  }
  details(entry: HistoryEntry): EntryDetails | undefined {
    return this.#details[entry.id];
  }
  /** For the screen's live region: what the last re-check found. */
  get announcement(): string {
    return this.#announcement;
  }
  /** The last re-check of an entry in this page's life, if any. */
  recheckReport(entry: HistoryEntry): RecheckReport | undefined {
    return this.#rechecks[entry.id];
  }
  /** Only when the verb is registered and someone is signed in (a re-check calls the tenant). */
  get canRecheck(): boolean {
    return this.#recheck !== null && session.phase === 'signed-in';
  }

  /** How to re-check a run, registered at start-up by history-recheck.ts (null to withdraw it). */
  registerRecheck(recheck: RecheckRun | null): void {
    this.#recheck = recheck;
  }

  /** Reads the first page for the current filter, and the tenants for the filter list. */
  async load(): Promise<void> {
    await this.#guard(async () => {
      const [page, tenants] = await Promise.all([listHistory(db, this.#filter), historyTenants(db)]);
      this.#entries = page.entries;
      this.#next = page.next;
      this.#tenants = tenants;
      this.#loaded = true;
    });
  }

  async loadMore(): Promise<void> {
    const cursor = this.#next;
    if (!cursor) return;
    await this.#guard(async () => {
      const page = await listHistory(db, this.#filter, cursor);
      this.#entries = [...this.#entries, ...page.entries];
      this.#next = page.next;
    });
  }

  async setFilter(change: Partial<HistoryFilter>): Promise<void> {
    const filter = { ...this.#filter, ...change };
    for (const key of Object.keys(filter) as (keyof HistoryFilter)[]) if (!filter[key]) delete filter[key];
    this.#filter = filter;
    await this.load();
  }

  async toggleDetails(entry: HistoryEntry): Promise<void> {
    if (this.#details[entry.id]) {
      this.#details = { ...this.#details, [entry.id]: undefined };
      return;
    }
    await this.#guard(async () => {
      const details = await loadDetails(entry.kind, entry.id);
      if (!details)
        throw new Error('This entry is no longer stored (deleted in another tab?). The list was refreshed.');
      this.#details = { ...this.#details, [entry.id]: details };
    }, true);
  }

  async remove(entry: HistoryEntry): Promise<void> {
    await this.#guard(async () => {
      await deleteHistoryEntry(db, entry.kind, entry.id);
      this.#entries = this.#entries.filter((e) => e.id !== entry.id);
      this.#tenants = await historyTenants(db);
      this.#message = { tone: 'info', text: `Deleted the ${entry.kind} of ${entry.tenant}.` };
    });
  }

  async exportAll(): Promise<void> {
    await this.#guard(async () => {
      const now = Date.now();
      saveFile(await exportHistoryFile(db, now), `ferry-history-${fileStamp(now)}.json`);
    });
  }

  async importFile(file: File): Promise<void> {
    await this.#guard(async () => {
      try {
        const result = await importHistoryFile(db, await file.text());
        this.#message = {
          tone: 'info',
          text: `Imported ${result.runs} import run(s), ${result.exports} export(s) and ${result.fieldPresets} field preset(s) from "${file.name}".`,
        };
      } catch (error) {
        if (!(error instanceof HistoryFileError)) throw error;
        this.#message = { tone: 'error', text: `"${file.name}": ${error.message}`, problems: error.problems };
        return;
      }
      await this.load();
    });
  }

  async downloadReport(entry: HistoryEntry, format: 'csv' | 'json'): Promise<void> {
    await this.#guard(() => downloadRunReport(this.#store, entry.id, format));
  }

  /** From the stored payloads, or from `files` (the originals picked again) when the run's payloads are not kept. */
  async downloadFailed(entry: HistoryEntry, files?: readonly File[]): Promise<void> {
    await this.#guard(async () => {
      const count = await downloadFailedRecords(db, this.#store, entry.id, files);
      this.#message = { tone: 'info', text: `Saved ${count} failed record(s) as a new import file.` };
    });
  }

  async recheck(entry: HistoryEntry): Promise<void> {
    const recheck = this.#recheck;
    if (!recheck) return;
    await this.#guard(async () => {
      const report = await recheck(entry.id);
      this.#rechecks = { ...this.#rechecks, [entry.id]: report };
      this.#announcement = report.summary;
      await this.load();
      // Open details show the parts as stored before the re-check: read them again.
      if (this.#details[entry.id]) {
        this.#details = { ...this.#details, [entry.id]: await loadDetails(entry.kind, entry.id) };
      }
    });
  }

  dismissMessage(): void {
    this.#message = null;
  }

  /** Runs a verb with the busy flag set; an unexpected failure becomes a message instead of an unhandled rejection. */
  async #guard(work: () => Promise<void>, reloadOnError = false): Promise<void> {
    this.#busy = true;
    if (this.#message?.tone === 'error') this.#message = null;
    try {
      await work();
    } catch (error) {
      this.#message = { tone: 'error', text: describe(error) };
      if (reloadOnError) void this.load();
    } finally {
      this.#busy = false;
    }
  }
}

async function loadDetails(kind: HistoryKind, id: string): Promise<EntryDetails | undefined> {
  if (kind === 'import') {
    const run = await db.runs.get(id);
    return run && { kind, run };
  }
  const record = await db.exports.get(id);
  return record && { kind, record };
}

export const history = new HistoryState();
