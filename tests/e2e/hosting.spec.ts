import { createServer, type Server } from 'node:http';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { connectSources, contentSecurityPolicy } from '../../scripts/csp-plugin';
import { ConvertPage, fixturePath } from './fixtures/convert-page';

/**
 * The built dist/ as a static host would serve it: copied under a sub-path and served by a plain file server (no
 * SPA fallback, no rewrites), then opened by deep link. Also the page's Content-Security-Policy, enforced by Chromium.
 */

const subPath = '/some/sub/path/';
const dist = path.resolve(process.env.FERRY_DIST ?? 'dist');
const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

let root: string;

test.beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ferry-hosting-'));
  await cp(dist, path.join(root, subPath), { recursive: true });
});

test.afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** A static file server over `root`; `headers` are added to every answer (a host's own CSP header, say). */
async function serveStatic(headers: Record<string, string> = {}): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
      const file = path.join(root, pathname.endsWith('/') ? pathname + 'index.html' : pathname);
      if (!file.startsWith(root + path.sep)) return void response.writeHead(403).end();
      try {
        const body = await readFile(file);
        response.writeHead(200, {
          'Content-Type': mimeTypes[path.extname(file)] ?? 'application/octet-stream',
          ...headers,
        });
        response.end(body);
      } catch {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${subPath}`, server };
}

/** Records every request the page makes and every answer that was not a success. */
function watchNetwork(page: Page): { requests: string[]; failures: string[] } {
  const seen = { requests: [] as string[], failures: [] as string[] };
  page.on('request', (request) => seen.requests.push(request.url()));
  page.on('response', (response) => {
    if (response.status() >= 400) seen.failures.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => seen.failures.push(`failed ${request.url()}`));
  return seen;
}

test('served from a sub-path by a plain file server, a deep link opens its screen and the worker checks a file', async ({
  page,
}) => {
  const { url, server } = await serveStatic();
  try {
    const network = watchNetwork(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(`${url}#/history`);
    await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'History' })).toHaveAttribute('aria-current', 'page');
    // The stylesheet applied: the current nav link has the accent background, not the browser's default.
    await expect(page.getByRole('link', { name: 'History' })).not.toHaveCSS(
      'background-color',
      'rgba(0, 0, 0, 0)',
    );

    await page.getByRole('link', { name: 'Convert & check' }).click();
    const convert = new ConvertPage(page);
    await convert.dropFiles([
      { name: 'few.csv', text: await readFile(fixturePath('users.csv'), 'utf8'), type: 'text/csv' },
    ]);
    await convert.waitForSummary();
    expect((await convert.countsOf('few.csv'))[0]).toBe(4);

    // Everything came from under the sub-path of this host, and all of it loaded.
    const origin = new URL(url).origin;
    const elsewhere = network.requests.filter(
      (request) => !request.startsWith(url) && !request.startsWith('blob:') && !request.startsWith('data:'),
    );
    expect(elsewhere).toEqual([]);
    expect(network.requests.some((request) => /\/assets\/workbench\.worker-[\w-]+\.js$/.test(request))).toBe(
      true,
    );
    expect(network.requests.every((request) => !request.startsWith(origin + '/assets/'))).toBe(true);
    expect(network.failures).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    server.close();
  }
});

/** Runs in the page: tries a refused action and reports the CSP violations it caused. */
type Probe = { outcome: string; violations: string[] };

async function probe(page: Page, action: 'fetch' | 'eval' | 'timer', target = ''): Promise<Probe> {
  return page.evaluate(
    async ({ action, target }) => {
      // Tests are type-checked without the DOM library; the page's document is reached through a cast.
      const { document } = globalThis as unknown as {
        document: {
          addEventListener(type: string, listener: (event: Violation) => void): void;
          removeEventListener(type: string, listener: (event: Violation) => void): void;
        };
      };
      type Violation = { effectiveDirective: string; blockedURI: string };
      const violations: string[] = [];
      const listener = (event: Violation) =>
        violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
      document.addEventListener('securitypolicyviolation', listener);
      let outcome = 'ran';
      try {
        if (action === 'fetch') await fetch(target);
        // DevTools evaluation (page.evaluate) is exempt from the eval ban while it runs synchronously, so the
        // attempt is made from a timer callback, as the page's own code would.
        if (action === 'eval')
          outcome = await new Promise<string>((resolve) =>
            setTimeout(() => {
              try {
                // eslint-disable-next-line no-eval -- the point: the page's CSP must refuse it
                (0, eval)('1');
                resolve('ran');
              } catch (error) {
                resolve((error as Error).name);
              }
            }, 0),
          );
        if (action === 'timer') {
          const marks = globalThis as unknown as { ferryTimerRan?: boolean };
          // A string handler is code from a string: refused like eval, so the flag stays unset.
          // eslint-disable-next-line no-implied-eval -- the point: the page's CSP must refuse it
          setTimeout('globalThis.ferryTimerRan = true' as unknown as () => void, 0);
          await new Promise((resolve) => setTimeout(resolve, 200));
          outcome = marks.ferryTimerRan ? 'ran' : 'not run';
        }
      } catch (error) {
        outcome = (error as Error).name;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      document.removeEventListener('securitypolicyviolation', listener);
      return { outcome, violations };
    },
    { action, target },
  );
}

test('the page refuses eval, string timers and requests to origins outside connect-src', async ({ page }) => {
  const { url, server } = await serveStatic();
  try {
    const html = await (await fetch(url)).text();
    const policy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = policy.split(/;\s*/);
    expect(directives).toContain("script-src 'self'");
    expect(directives).toContain("object-src 'none'");
    expect(policy).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(policy).not.toMatch(/(^|\s)\*(\s|;|$)/); // no allow-everything source
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script to allow

    // Requests that would leave for these origins are counted here if they ever reach the network.
    const reached: string[] = [];
    await page.route(/^http:\/\/(\[::1\]|example\.invalid)/, (route) => {
      reached.push(route.request().url());
      return route.fulfill({ status: 200, body: 'should not be reached' });
    });
    await page.goto(`${url}#/convert`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    for (const target of ['http://[::1]:9/', 'http://example.invalid/collect']) {
      const refused = await probe(page, 'fetch', target);
      expect(refused.outcome, target).toBe('TypeError');
      expect(refused.violations, target).toEqual([`connect-src ${target}`]);
    }
    expect(reached).toEqual([]);

    const evaluated = await probe(page, 'eval');
    expect(evaluated.outcome).toBe('EvalError');
    expect(evaluated.violations).toEqual(['script-src eval']);
    const timer = await probe(page, 'timer');
    expect(timer.outcome).toBe('not run');
    expect(timer.violations).toEqual(['script-src eval']);
  } finally {
    server.close();
  }
});

test('with a host CSP header for one configured tenant, only that tenant is reachable', async ({ page }) => {
  // What the build writes for a config.json naming one tenant, sent as a header the way the README tells hosts to.
  const policy = contentSecurityPolicy(connectSources({ domain: 'acme.eu.auth0.com' }, []));
  const { url, server } = await serveStatic({ 'Content-Security-Policy': policy });
  try {
    const reached: string[] = [];
    await page.route(/^https:\/\/(acme\.eu\.auth0\.com|example\.invalid|other\.auth0\.com)\//, (route) => {
      reached.push(route.request().url());
      return route.fulfill({ status: 200, body: '{}', headers: { 'Access-Control-Allow-Origin': '*' } });
    });
    await page.goto(`${url}#/convert`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    // The configured tenant is allowed: the request gets as far as the network (here, the route above).
    const allowed = await probe(page, 'fetch', 'https://acme.eu.auth0.com/api/v2/connections');
    expect(allowed).toEqual({ outcome: 'ran', violations: [] });
    for (const target of ['https://example.invalid/collect', 'https://other.auth0.com/api/v2/users']) {
      const refused = await probe(page, 'fetch', target);
      expect(refused.outcome, target).toBe('TypeError');
      expect(refused.violations, target).toEqual([`connect-src ${target}`]);
    }
    expect(reached).toEqual(['https://acme.eu.auth0.com/api/v2/connections']);
  } finally {
    server.close();
  }
});
