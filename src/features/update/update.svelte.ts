/**
 * The bulk update flow ("Update users"): the original import-ready export and the admin's edited copy are compared in
 * the worker; the preview says what changes per user and what upsert cannot change; the records worth uploading are
 * handed to the Import screen with upsert on.
 */
import type { RowProblem } from '../../core/export/pipeline/transform';
import type { BulkDiff } from '../../core/update/bulk-diff';
import { connectExportEngine, type ExportEnginePort } from '../export/export-bridge';
import { explainError } from '../export/explain-error';
import { importRouteFromUpdate, offerUpdateHandoff } from './update-handoff';

export interface UpdateFile {
  blob: Blob;
  name: string;
  /** True when it is the import-ready export made on this screen. */
  fromThisSession: boolean;
}

export type UpdateDiff = BulkDiff & { readProblems: RowProblem[] };

export class UpdateState {
  #original = $state.raw<UpdateFile | null>(null);
  #edited = $state.raw<UpdateFile | null>(null);
  #diff = $state.raw<UpdateDiff | null>(null);
  #busy = $state(false);
  #error = $state<string | null>(null);
  #connection = $state.raw<{ id: string; name: string } | null>(null);
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
    this.#original = { blob, name, fromThisSession: true };
    this.#connection = connection;
    void this.compare();
  }
  setOriginal(file: File): void {
    this.#original = { blob: file, name: file.name, fromThisSession: false };
    this.#connection = null;
    void this.compare();
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
      connection: this.#connection,
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
