import { Hono } from 'hono';
import { checkLink } from './export-links';
import type { TenantContext, TenantEnv } from './context';

/** S3-like error body for refused downloads. */
const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/**
 * The export-file origin: a separate port, like the storage bucket Auth0's signed `location` points to. Whether it
 * answers cross-origin fetches is the `exportFilesCors` switch (unverified for Auth0).
 */
export function buildFilesServer(ctx: TenantContext): Hono<TenantEnv> {
  const app = new Hono<TenantEnv>();
  app.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      if (!ctx.state.switches.exportFilesCors) return c.body(null, 403);
      c.header('access-control-allow-origin', '*');
      c.header('access-control-allow-methods', 'GET, HEAD');
      return c.body(null, 204);
    }
    await next();
    if (ctx.state.switches.exportFilesCors) c.res.headers.set('access-control-allow-origin', '*');
  });

  app.get('/exports/:jobId/:name', (c) => {
    const { jobId } = c.req.param();
    const check = checkLink(ctx, jobId, c.req.query('Expires') ?? '', c.req.query('Signature') ?? '');
    if (check === 'bad-signature') {
      return c.body(s3Error('SignatureDoesNotMatch', 'The request signature does not match.'), 403, {
        'content-type': 'application/xml',
      });
    }
    if (check === 'expired') {
      return c.body(s3Error('AccessDenied', 'Request has expired'), 403, {
        'content-type': 'application/xml',
      });
    }
    const job = ctx.state.liveJob(jobId);
    if (!job?.file)
      return c.body(s3Error('NoSuchKey', 'The specified key does not exist.'), 404, {
        'content-type': 'application/xml',
      });
    return c.body(job.file as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/gzip',
      'content-disposition': `attachment; filename="${c.req.param('name')}"`,
    });
  });
  return app;
}
