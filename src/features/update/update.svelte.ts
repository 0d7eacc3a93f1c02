/**
 * The bulk update flow ("Update users"): the original import-ready export and the admin's edited copy are compared in
 * the worker; the preview says what changes per user and what upsert cannot change; the records worth uploading are
 * handed to the Import screen with upsert on.
 */
import { session } from '../../auth/session.svelte';
import type { RowProblem } from '../../core/export/pipeline/transform';
import type { BulkDiff } from '../../core/update/bulk-diff';
import { db } from '../../db/db';
import { connectExportEngine, type ExportEnginePort } from '../export/export-bridge';
import { explainError } from '../export/explain-error';
import { exportOfFile } from './original-export';
import { importRouteFromUpdate, offerUpdateHandoff } from './update-handoff';

export interface UpdateFile {
  blob: Blob;
  name: string;
  /** True when it is the import-ready export made on this screen. */
  fromThisSession: boolean;
  /** The connection it was exported from, when Ferry knows (this session's export, or a match in the history). */
  connection?: { id: string; name: string };
  /** When it was exported, for a file recognised from the history. */
  exportedAt?: number;
}

export type UpdateDiff = BulkDiff & { readProblems: RowProblem[] };

export class UpdateState {
  #original = $state.raw<UpdateFile | null>(null);
  #edited = $state.raw<UpdateFile | null>(null);
  #diff = $state.raw<UpdateDiff | null>(null);
  #busy = $state(false);
  #error = $state<string | null>(null);
  #engine: ExportEnginePort | null = null;

  get original(): UpdateFile | null {
    return this.#original;
  }
  get edited(): UpdateFile | null {
    return this.#edited;
  }
  get diff(): UpdateDiff | null {
    return this.#diff;
  }
  get busy(): boolean {
    return this.#busy;
  }
  get error(): string | null {
    return this.#error;
  }

  /** Offers the import-ready export just made as the original (it stays in memory while the page is open). */
  useExport(blob: Blob, name: string, connection: { id: string; name: string } | null): void {
    this.#original = { blob, name, fromThisSession: true, connection: connection ?? undefined };
    void this.compare();
  }
  /** A dropped original: its connection is known when the history holds the export that wrote a file of that name. */
  setOriginal(file: File): void {
    const original: UpdateFile = { blob: file, name: file.name, fromThisSession: false };
    this.#original = original;
    void this.compare();
    void this.#recognise(original);
  }

  async #recognise(original: UpdateFile): Promise<void> {
    try {
      const record = exportOfFile(
        await db.exports.toArray(),
        original.name,
        session.current?.tenantDomain ?? null,
      );
      if (!record?.connection || this.#original !== original) return;
      this.#original = { ...original, connection: record.connection, exportedAt: record.createdAt };
    } catch (error) {
      // Only a convenience: without the history the admin picks the connection on the Import screen.
      console.warn(
        'Ferry could not read the export history:',
        error instanceof Error ? error.message : error,
      );
    }
  }
  setEdited(file: File): void {
    this.#edited = { blob: file, name: file.name, fromThisSession: false };
    void this.compare();
  }

  /** Compares the two files once both are there. */
  async compare(): Promise<void> {
    const [original, edited] = [this.#original, this.#edited];
    this.#diff = null;
    if (!original || !edited) return;
    this.#busy = true;
    this.#error = null;
    try {
      this.#engine ??= connectExportEngine();
      this.#diff = await this.#engine.diffUpdate({
        original: original.blob,
        originalName: original.name,
        edited: edited.blob,
        editedName: edited.name,
      });
    } catch (error) {
      this.#error = `The files could not be compared: ${explainError(error)}`;
    } finally {
      this.#busy = false;
    }
  }

  /** Prepares the upsert file and opens the Import screen with it. */
  importChanges(): void {
    const diff = this.#diff;
    if (!diff || diff.upload.length === 0) return;
    const text = '[\n' + diff.upload.map((record) => JSON.stringify(record)).join(',\n') + '\n]\n';
    const base = (this.#edited?.name ?? 'users').replace(/\.(json|ndjson)$/i, '');
    const file = new File([text], `${base}.upsert.json`, { type: 'application/json' });
    const { effective, onlyInEdited } = diff.summary;
    offerUpdateHandoff({
      file,
      users: diff.upload.length,
      upsert: true,
      connection: this.#original?.connection ?? null,
      summary: `${effective} existing users change and ${onlyInEdited} new users are created; user_metadata and app_metadata are replaced, not merged.`,
      createdAt: Date.now(),
    });
    location.hash = importRouteFromUpdate;
  }

  dispose(): void {
    this.#engine?.close();
    this.#engine = null;
  }
}
