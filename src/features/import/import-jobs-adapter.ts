/**
 * Core's ImportJobsPort over Ferry's Management API client. The client paces and retries; creating a job is never
 * retried after a 5xx or a network failure (management-api.ts sends it with retry 'rate-limit'), since Auth0 may have
 * created the job: the run marks such a part uncertain instead. Errors pass through as ApiError, whose
 * `problem.kind` core's classifyPortError reads.
 */
import type { ManagementApi } from '../../api/management-api';
import { realClock } from '../../api/clock';
import type { Clock, ImportJobsPort } from '../../core/import';

export function importJobsPort(api: ManagementApi): ImportJobsPort {
  return {
    async createImportJob(payload, params, signal) {
      const job = await api.createImportJob(
        {
          users: payload,
          connectionId: params.connectionId,
          upsert: params.upsert,
          externalId: params.externalId,
          sendCompletionEmail: params.sendCompletionEmail,
        },
        { signal },
      );
      return { id: job.id, status: job.status };
    },
    async getJob(id, signal) {
      const job = await api.getJob(id, { signal });
      return {
        id: job.id,
        status: job.status,
        percentage_done: job.percentage_done,
        time_left_seconds: job.time_left_seconds,
        status_details: job.status_details,
        summary: job.summary,
      };
    },
    async getJobErrors(id, signal) {
      return api.getJobErrors(id, { signal });
    },
    async usersByEmail(email, signal) {
      const users = await api.usersByEmail(email, { signal });
      return users.map((user) => ({
        user_id: user.user_id,
        email: typeof user.email === 'string' ? user.email : undefined,
        identities: Array.isArray(user.identities)
          ? user.identities
              .filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null)
              .map((i) => ({
                connection: typeof i.connection === 'string' ? i.connection : '',
                provider: typeof i.provider === 'string' ? i.provider : undefined,
              }))
          : undefined,
      }));
    },
  };
}

/** Core's Clock from the API client's real clock (sleep always takes a signal in core). */
export const importClock: Clock = {
  now: () => realClock.now(),
  sleep: (ms, signal) => realClock.sleep(ms, signal),
};
