/** The Import screen's setup: the target connection (and whether an application may use it) and the run options. */
import type { ManagementApi } from '../../api/management-api';
import { session } from '../../auth/session.svelte';
import { defaultImportOptions, maxChunkBytes, type ImportOptions } from '../../core/import';
import {
  checkEnabledClients,
  databaseConnections,
  problemText,
  type ClientsCheck,
  type ConnectionChoice,
} from './import-connections';

export interface ImportChoices {
  upsert: boolean;
  sendCompletionEmail: boolean;
  externalId: string;
  chunkBytesText: string;
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

export class ImportSetupState {
  #connections = $state.raw<ConnectionChoice[]>([]);
  #connectionsProblem = $state<string | null>(null);
  #connectionsLoading = $state(false);
  #connectionId = $state('');
  #clients = $state.raw<ClientsCheck>({ state: 'unknown' });
  #choices = $state<ImportChoices>(freshChoices());

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
  /** The run's options, or null while the part size is not acceptable. */
  get options(): ImportOptions | null {
    const bytes = this.chunkBytes;
    if (!bytes.ok) return null;
    return {
      upsert: this.#choices.upsert,
      sendCompletionEmail: this.#choices.sendCompletionEmail,
      externalId: this.#choices.externalId.trim(),
      chunkBytes: bytes.value,
    };
  }
  /** What the setup still lacks before an import can start. */
  get missing(): string[] {
    const missing: string[] = [];
    if (!this.connection) missing.push('choose a connection');
    else if (this.connection.refusal) missing.push('choose a connection Auth0 accepts imports into');
    else if (this.#clients.state === 'none') missing.push('enable the connection for an application');
    if (!this.chunkBytes.ok) missing.push('fix the part size');
    if (this.#choices.externalId.trim() === '') missing.push('enter an external id');
    return missing;
  }

  /** Lists the tenant's database connections and keeps the chosen one (or the only one). */
  async loadConnections(api: ManagementApi): Promise<void> {
    this.#connectionsLoading = true;
    this.#connectionsProblem = null;
    try {
      this.#connections = await databaseConnections(api, AbortSignal.timeout(60_000));
      const wanted = this.#connectionId;
      const open = this.#connections.filter((c) => !c.refusal);
      const only = open.length === 1 ? open[0].id : '';
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

  /** Takes options handed over by another screen (the bulk update flow). */
  prefer(upsert: boolean | undefined, connection: ConnectionChoice | null | undefined): void {
    if (upsert !== undefined) this.#choices.upsert = upsert;
    if (!connection) return;
    // Connections already listed: check the handed-over one now (otherwise loadConnections keeps and checks it).
    if (this.#connections.length > 0) void this.chooseConnection(connection.id);
    else this.#connectionId = connection.id;
  }

  setChoice<K extends keyof ImportChoices>(key: K, value: ImportChoices[K]): void {
    this.#choices[key] = value;
  }

  /** A new run gets a new external id. */
  renewExternalId(): void {
    this.#choices.externalId = freshChoices().externalId;
  }
}
