import { randomBytes } from 'node:crypto';
import { alphanumeric } from './prng';
import { applyImport } from './import-apply';
import { buildExportFile, defaultExportFields } from './export-build';
import { signedLocation } from './export-links';
import { later, type TenantContext } from './context';
import type { TenantJob } from './types';

/** `job_` + 16 letters and digits, as Auth0 numbers jobs. */
export function newJobId(): string {
  const bytes = randomBytes(16);
  return `job_${Array.from(bytes, (b) => alphanumeric[b % alphanumeric.length]).join('')}`;
}

/** pending -> processing -> completed/failed, asynchronously, on the configured timing. */
function schedule(ctx: TenantContext, job: TenantJob, finish: () => void): void {
  later(ctx, ctx.state.timing.pendingMs, () => {
    if (!ctx.state.jobs.has(job.id)) return;
    job.status = 'processing';
    later(ctx, ctx.state.timing.processingMs, () => {
      if (ctx.state.jobs.has(job.id)) finish();
    });
  });
}

/** Parses the stored users part and applies it; a file that is not a JSON array fails the job as a whole. */
export function runImport(ctx: TenantContext, job: TenantJob): void {
  schedule(ctx, job, () => {
    const connection = ctx.state.connectionById(job.connection_id ?? '');
    let records: unknown;
    try {
      records = JSON.parse(job.payload ?? '');
    } catch {
      records = undefined;
    }
    if (job.failAsWhole || !Array.isArray(records) || !connection) {
      job.status = 'failed';
    } else {
      applyImport(ctx.state, job, records, connection);
      job.status = 'completed';
    }
    job.payload = undefined;
  });
}

/** Builds the export file from the users as they are when the job finishes. */
export function runExport(ctx: TenantContext, job: TenantJob): void {
  schedule(ctx, job, () => {
    let users = [...ctx.state.users.values()];
    if (job.connection) users = users.filter((u) => u.identities[0]?.connection === job.connection);
    if (job.limit) users = users.slice(0, job.limit);
    job.file = buildExportFile(users, job.fields ?? defaultExportFields, job.format ?? 'json');
    job.status = 'completed';
  });
}

/** The job as GET /api/v2/jobs/{id} shows it. */
export function publicJob(ctx: TenantContext, job: TenantJob, now = Date.now()): Record<string, unknown> {
  const view: Record<string, unknown> = { type: job.type, status: job.status };
  if (job.connection_id)
    Object.assign(view, { connection_id: job.connection_id, connection: job.connection });
  if (job.type === 'users_export')
    Object.assign(view, { format: job.format, limit: job.limit, fields: job.fields });
  view.created_at = job.created_at;
  view.id = job.id;
  if (job.external_id !== undefined) view.external_id = job.external_id;
  if (job.status === 'processing') {
    const { pendingMs, processingMs } = ctx.state.timing;
    const done = Math.min(1, Math.max(0, (now - job.createdMs - pendingMs) / Math.max(1, processingMs)));
    view.percentage_done = Math.floor(done * 100);
    view.time_left_seconds = Math.ceil(((1 - done) * processingMs) / 1000);
  }
  if (job.summary) view.summary = job.summary;
  if (job.type === 'users_export' && job.status === 'completed')
    view.location = signedLocation(ctx, job, now);
  return view;
}
