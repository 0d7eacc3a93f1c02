/**
 * What the Export screen will export: which users (a connection, all, or a query), which fields, in which output,
 * sorted how, written where. Read-only getters and named setters; the run itself lives in export.svelte.ts.
 */
import type { Connection } from '../../api/types';
import { session } from '../../auth/session.svelte';
import { defaultCsvOptions } from '../../core/export/pipeline/output-spec';
import type { ExportOutputSpec, ExportSort, OutputFormat } from '../../core/export/pipeline/output-spec';
import { explainError } from './explain-error';
import { FieldEditor } from './field-editor.svelte';
import { LiveCount } from './live-count.svelte';

export type UsersSource = 'connection' | 'all' | 'query';

export class ExportSettings {
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
  /** The search query that finds the chosen users (undefined: all users), for the sample. */
  get sampleQuery(): string | undefined {
    if (this.#source === 'query') return this.#query.trim() || undefined;
    const name = this.connectionName;
    return this.#source === 'connection' && name
      ? `identities.connection:"${name.replace(/"/g, '\\"')}"`
      : undefined;
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
}
