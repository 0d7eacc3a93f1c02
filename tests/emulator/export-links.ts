import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TenantContext } from './context';
import type { TenantJob } from './types';

const sign = (ctx: TenantContext, jobId: string, expires: number) =>
  createHmac('sha256', ctx.linkKey).update(`${jobId}:${expires}`).digest('base64url');

export const exportFileName = (job: TenantJob) =>
  `ferry-demo-tenant.${job.format === 'csv' ? 'csv' : 'json'}.gz`;

/** A fresh signed location for a finished export, valid for the configured TTL (Auth0: 60 s). */
export function signedLocation(ctx: TenantContext, job: TenantJob, now = Date.now()): string {
  const expires = ctx.state.faults.expireExportLinks ? now - 1 : now + ctx.state.timing.exportLinkTtlMs;
  const url = new URL(`${ctx.exportFilesUrl()}/exports/${job.id}/${exportFileName(job)}`);
  url.searchParams.set('Expires', String(expires));
  url.searchParams.set('Signature', sign(ctx, job.id, expires));
  return url.toString();
}

export type LinkCheck = 'ok' | 'expired' | 'bad-signature';

export function checkLink(
  ctx: TenantContext,
  jobId: string,
  expires: string,
  signature: string,
  now = Date.now(),
): LinkCheck {
  const wanted = Buffer.from(sign(ctx, jobId, Number(expires)));
  const given = Buffer.from(signature);
  if (wanted.length !== given.length || !timingSafeEqual(wanted, given)) return 'bad-signature';
  return Number(expires) < now ? 'expired' : 'ok';
}
