/** Shared helpers for the emulator's contract tests: real HTTP through Node's fetch. */
import { gunzipSync } from 'node:zlib';
import type { RunningTenant } from './index';

export interface Api {
  get(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body: unknown, init?: RequestInit): Promise<Response>;
}

/** Calls the tenant with a bearer token; a FormData body goes as multipart, anything else as JSON. */
export function apiClient(tenant: RunningTenant, token: string): Api {
  const auth = { authorization: `Bearer ${token}` };
  return {
    get: (path, init) => fetch(`${tenant.url}${path}`, { ...init, headers: { ...auth, ...init?.headers } }),
    post: (path, body, init) =>
      fetch(`${tenant.url}${path}`, {
        method: 'POST',
        ...init,
        headers:
          body instanceof FormData
            ? { ...auth, ...init?.headers }
            : { ...auth, 'content-type': 'application/json', ...init?.headers },
        body: body instanceof FormData ? body : JSON.stringify(body),
      }),
  };
}

/** The multipart form of an import job. */
export function importForm(
  users: unknown,
  connectionId: string,
  extra: Record<string, string> = {},
): FormData {
  const form = new FormData();
  const text = typeof users === 'string' ? users : JSON.stringify(users);
  form.set('users', new Blob([text], { type: 'application/json' }), 'users.json');
  form.set('connection_id', connectionId);
  for (const [key, value] of Object.entries(extra)) form.set(key, value);
  return form;
}

/** Polls GET /jobs/{id} until the job is no longer pending/processing. */
export async function waitForJob(api: Api, id: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await api.get(`/api/v2/jobs/${id}`)).json()) as Record<string, unknown>;
    if (job.status !== 'pending' && job.status !== 'processing') return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${String(job.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const gunzipText = async (response: Response) =>
  gunzipSync(new Uint8Array(await response.arrayBuffer())).toString('utf8');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A response body as loosely typed JSON: the contract tests assert on Auth0's shapes field by field, and typing each
 * answer first would only restate the expectations.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (response: Response): Promise<any> => response.json();
