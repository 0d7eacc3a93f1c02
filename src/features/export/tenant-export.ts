/**
 * The tenant side of an export, on the page (the worker never holds a token): start Auth0's export job and wait for
 * it, fetch a fresh signed link right before downloading (links last 60 s), and page through search results,
 * split by created_at past the 1000-result cap.
 */
import type { CallOptions, ManagementApi } from '../../api/management-api';
import type { Job } from '../../api/types';
import { planQuerySplit } from '../../core/export/query-split';
import type { QuerySplitPlan, QuerySplitPorts } from '../../core/export/query-split';

export type TenantApi = Pick<ManagementApi, 'createExportJob' | 'getJob' | 'searchUsers'>;

/** The link's host refused a cross-origin download: the admin downloads it and drops the file back in. */
export class DownloadRefusedError extends Error {
  override name = 'DownloadRefusedError';
}

/** The job ended without a file. */
export class ExportJobFailedError extends Error {
  override name = 'ExportJobFailedError';
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** Polls a job until it completes; the interval grows from 1 s to 5 s (every poll costs rate limit). */
export async function waitForJob(
  api: TenantApi,
  jobId: string,
  options: CallOptions & { onStatus(job: Job): void; firstDelayMs?: number },
): Promise<Job> {
  let delay = options.firstDelayMs ?? 1000;
  for (;;) {
    await sleep(delay, options.signal);
    const job = await api.getJob(jobId, options);
    options.onStatus(job);
    if (job.status === 'completed') return job;
    if (job.status === 'failed' || job.status === 'expired') {
      throw new ExportJobFailedError(
        `Export job ${job.id} ${job.status}${job.status_details ? `: ${job.status_details}` : ''}. Start the export again; if it fails again, try fewer fields or one connection.`,
      );
    }
    delay = Math.min(5000, delay * 1.5);
  }
}

/**
 * Opens the export file for reading. Every attempt fetches the job again for a link issued just now; a 403 (the
 * link expired on the way) is retried with a new link. A TypeError from fetch means the host refused the
 * cross-origin read (CORS): DownloadRefusedError.
 */
export async function openExportFile(
  api: TenantApi,
  jobId: string,
  options: CallOptions & { attempts?: number; fetchFile?: typeof fetch },
): Promise<{ body: ReadableStream<Uint8Array>; location: string }> {
  const fetchFile = options.fetchFile ?? fetch;
  const attempts = options.attempts ?? 3;
  let lastStatus = 0;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const job = await api.getJob(jobId, options);
    if (!job.location)
      throw new ExportJobFailedError(`Export job ${jobId} has no file (status ${job.status}).`);
    let response: Response;
    try {
      response = await fetchFile(job.location, { signal: options.signal, credentials: 'omit' });
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw new DownloadRefusedError(
        'The export file’s host did not allow Ferry to read it from this page (its CORS settings refuse it).',
      );
    }
    if (response.ok && response.body) return { body: response.body, location: job.location };
    lastStatus = response.status;
    await response.body?.cancel();
    if (response.status !== 403) break;
  }
  throw new ExportJobFailedError(
    lastStatus === 403
      ? `The download link was refused as expired ${attempts} times, although a fresh link was fetched each time (links last 60 s). Check this computer’s clock, then try again.`
      : `The export file could not be downloaded (HTTP ${lastStatus}). Try again; job files are kept for 24 hours.`,
  );
}

/** A fresh link for the admin to download the file themselves. */
export async function freshLink(api: TenantApi, jobId: string, options: CallOptions): Promise<string> {
  const job = await api.getJob(jobId, options);
  if (!job.location)
    throw new ExportJobFailedError(`Export job ${jobId} has no file (status ${job.status}).`);
  return job.location;
}

/** The split planner's questions, answered by the user search. */
export function searchPorts(api: TenantApi, options: CallOptions): QuerySplitPorts {
  return {
    count: async (q) =>
      (await api.searchUsers({ q, perPage: 1, includeTotals: true, fields: ['user_id'] }, options)).total,
    probe: async (q) => {
      const end = async (sort: string) => {
        const page = await api.searchUsers(
          { q, sort, perPage: 1, fields: ['user_id', 'created_at'] },
          options,
        );
        const created = page.users[0]?.created_at;
        return typeof created === 'string' ? created : null;
      };
      const [oldest, newest] = [await end('created_at:1'), await end('created_at:-1')];
      return oldest && newest ? { oldest, newest } : null;
    },
  };
}

/** Plans the split of a query (an empty query matches every user). */
export function planQuery(api: TenantApi, query: string, options: CallOptions): Promise<QuerySplitPlan> {
  return planQuerySplit(query, searchPorts(api, options));
}

/**
 * Reads every user of every part, a page of 100 at a time, handing each page on. A user seen twice (the index
 * moved while paging) is handed on once. Returns how many distinct users were read.
 */
export async function readQueryParts(
  api: TenantApi,
  plan: QuerySplitPlan,
  fields: readonly string[] | undefined,
  options: CallOptions & { onPage(users: unknown[]): Promise<void> },
): Promise<number> {
  const seen = new Set<string>();
  for (const part of plan.parts) {
    const pages = Math.ceil(Math.min(part.count, 1000) / 100);
    for (let page = 0; page < pages; page++) {
      const result = await api.searchUsers(
        { q: part.query, sort: 'created_at:1', page, perPage: 100, includeTotals: true, fields },
        options,
      );
      const fresh = result.users.filter((user) => !seen.has(user.user_id));
      for (const user of fresh) seen.add(user.user_id);
      await options.onPage(fresh);
      if (result.users.length < 100) break;
    }
  }
  return seen.size;
}
