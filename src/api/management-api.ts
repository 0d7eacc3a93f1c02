import type { ApiResponse, ManagementClient } from './client';
import { ApiError } from './problems';
import {
  arrayOf,
  isObject,
  ShapeError,
  toConnection,
  toConnectionClient,
  toJob,
  toJobUserError,
  toUser,
  type Connection,
  type ConnectionClient,
  type Job,
  type JobUserError,
  type User,
  type UserPage,
} from './types';
import { apiPath } from './url';

/** Every call takes a signal so a screen can cancel what it started. */
export interface CallOptions {
  signal: AbortSignal;
}

export interface SearchUsersParams {
  /** Lucene query (search_engine v3). */
  q?: string;
  /** `field:1` ascending or `field:-1` descending. */
  sort?: string;
  page?: number;
  /** At most 100. */
  perPage?: number;
  includeTotals?: boolean;
  /** Fields to return; sent with include_fields=true. */
  fields?: readonly string[];
}

export interface ImportJobParams {
  /** The JSON array of users, as text or bytes; sent as a file part named users.json. */
  users: string | Blob | Uint8Array<ArrayBuffer>;
  /** The connection id (con_...), not its name. */
  connectionId: string;
  upsert?: boolean;
  externalId?: string;
  /** Auth0's default is true (emails every tenant owner): Ferry sends false unless asked. */
  sendCompletionEmail?: boolean;
}

export interface ExportJobParams {
  connectionId?: string;
  format: 'json' | 'csv';
  limit?: number;
  fields?: readonly { name: string; export_as?: string }[];
}

const PAGE_SIZE = 100;

/** The Management API endpoints Ferry uses, with typed answers. */
export class ManagementApi {
  readonly #client: ManagementClient;

  constructor(client: ManagementClient) {
    this.#client = client;
  }

  /** All connections (optionally of some strategies), paging until the last page. */
  async listConnections(options: CallOptions & { strategy?: readonly string[] }): Promise<Connection[]> {
    const all: Connection[] = [];
    for (let page = 0; ; page++) {
      const response = await this.#client.send({
        method: 'GET',
        path: 'connections',
        query: { strategy: options.strategy, per_page: PAGE_SIZE, page, include_totals: true },
        signal: options.signal,
      });
      const batch = parse(response, (body) => arrayOf(body, toConnection, 'connections'));
      all.push(...batch);
      const total =
        isObject(response.body) && typeof response.body.total === 'number' ? response.body.total : null;
      if (batch.length < PAGE_SIZE || (total !== null && all.length >= total)) return all;
    }
  }

  /** The applications a connection is enabled for (checkpoint paging via `next`). */
  async connectionClients(connectionId: string, options: CallOptions): Promise<ConnectionClient[]> {
    const all: ConnectionClient[] = [];
    let from: string | undefined;
    do {
      const response = await this.#client.send({
        method: 'GET',
        path: apiPath`connections/${connectionId}/clients`,
        query: { take: PAGE_SIZE, from },
        signal: options.signal,
      });
      all.push(...parse(response, (body) => arrayOf(body, toConnectionClient, 'clients')));
      const next = isObject(response.body) ? response.body.next : undefined;
      from = typeof next === 'string' && next !== '' && next !== from ? next : undefined;
    } while (from);
    return all;
  }

  /** One page of a user search. Only the first 1000 results of a query can be paged. */
  async searchUsers(params: SearchUsersParams, options: CallOptions): Promise<UserPage> {
    const includeTotals = params.includeTotals ?? true;
    const response = await this.#client.send({
      method: 'GET',
      path: 'users',
      query: {
        q: params.q,
        search_engine: params.q ? 'v3' : undefined,
        sort: params.sort,
        page: params.page ?? 0,
        per_page: Math.min(params.perPage ?? 50, PAGE_SIZE),
        include_totals: includeTotals,
        fields: params.fields?.length ? params.fields.join(',') : undefined,
        include_fields: params.fields?.length ? true : undefined,
      },
      signal: options.signal,
    });
    return parse(response, (body) => toUserPage(body, params.page ?? 0));
  }

  /** Users with this exact email (case-sensitive, immediately consistent). */
  async usersByEmail(email: string, options: CallOptions): Promise<User[]> {
    const response = await this.#client.send({
      method: 'GET',
      path: 'users-by-email',
      query: { email },
      signal: options.signal,
    });
    return parse(response, (body) => arrayOf(body, toUser));
  }

  /**
   * Starts an import job. Not retried on 5xx or network failure (it may have been created); a third concurrent job
   * throws ApiError ImportJobsBusy, which the caller handles by waiting for a running job.
   */
  async createImportJob(params: ImportJobParams, options: CallOptions): Promise<Job> {
    const response = await this.#client.send({
      method: 'POST',
      path: 'jobs/users-imports',
      body: { form: importForm(params) },
      signal: options.signal,
      retry: 'rate-limit',
    });
    return parse(response, toJob);
  }

  /** Starts an export job; safe to retry (a duplicate export only costs a job). */
  async createExportJob(params: ExportJobParams, options: CallOptions): Promise<Job> {
    const json: Record<string, unknown> = { format: params.format };
    if (params.connectionId) json.connection_id = params.connectionId;
    if (params.limit !== undefined) json.limit = params.limit;
    if (params.fields?.length) json.fields = params.fields;
    const response = await this.#client.send({
      method: 'POST',
      path: 'jobs/users-exports',
      body: { json },
      signal: options.signal,
      retry: 'all',
    });
    return parse(response, toJob);
  }

  async getJob(jobId: string, options: CallOptions): Promise<Job> {
    const response = await this.#client.send({
      method: 'GET',
      path: apiPath`jobs/${jobId}`,
      signal: options.signal,
    });
    return parse(response, toJob);
  }

  /** Per-user errors of an import job; 204 (no body) means none. */
  async getJobErrors(jobId: string, options: CallOptions): Promise<JobUserError[]> {
    const response = await this.#client.send({
      method: 'GET',
      path: apiPath`jobs/${jobId}/errors`,
      signal: options.signal,
    });
    if (response.status === 204 || response.body === null) return [];
    return parse(response, (body) => arrayOf(body, toJobUserError));
  }
}

/** The multipart form of an import job (auth0-facts section 2). */
export function importForm(params: ImportJobParams): FormData {
  const form = new FormData();
  const file =
    params.users instanceof Blob ? params.users : new Blob([params.users], { type: 'application/json' });
  form.append('users', file, 'users.json');
  form.append('connection_id', params.connectionId);
  form.append('upsert', String(params.upsert ?? false));
  if (params.externalId !== undefined) form.append('external_id', params.externalId);
  form.append('send_completion_email', String(params.sendCompletionEmail ?? false));
  return form;
}

function toUserPage(body: unknown, page: number): UserPage {
  if (Array.isArray(body)) {
    const users = body.map(toUser);
    return {
      start: page * users.length,
      limit: users.length,
      length: users.length,
      total: users.length,
      users,
    };
  }
  if (!isObject(body)) throw new ShapeError('A user search answer is not an object');
  const users = arrayOf(body, toUser, 'users');
  const number = (key: string, fallback: number) => (typeof body[key] === 'number' ? body[key] : fallback);
  return {
    start: number('start', 0),
    limit: number('limit', users.length),
    length: number('length', users.length),
    total: number('total', users.length),
    users,
  };
}

function parse<T>(response: ApiResponse, convert: (body: unknown) => T): T {
  try {
    return convert(response.body);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new ApiError({ kind: 'UnexpectedResponse', status: response.status, detail: error.message });
  }
}
