import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { ConvertPage } from './fixtures/convert-page';

/**
 * README.md "Quick start", word for word, as a newcomer follows it: the server `npm start` runs (scripts/serve.mjs,
 * on the dist under test) prints "Ferry is running at <url>"; open it; Convert & check works at once ("Try the sample
 * file"); open Connection, press "Sign in with Auth0" on the preset form (nothing typed), one click on "Sign in as Demo
 * Admin", and the demo tenant's database connections are listed.
 *
 * The server is a child process on its own ports (the config's web servers keep theirs): the first free of e2e port
 * + 5..9 for the app, and of tenant port + 3..8 for the demo tenant (export files one above), so it stays inside the
 * block of ten ports the run was given.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const e2ePort = Number(process.env.FERRY_E2E_PORT ?? 4317);
const configTenantPort = Number(process.env.FERRY_TENANT_PORT ?? e2ePort + 200);

let server: ChildProcess | undefined;
let printed = '';
let appUrl = '';
let appPort = 0;
let tenantUrl = '';

/** Whether nothing listens on 127.0.0.1:port right now. */
const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** The first port from `first` to `last` whose `span` consecutive ports are all free. */
async function freePort(first: number, last: number, span: number): Promise<number> {
  for (let port = first; port <= last; port++) {
    let free = true;
    for (let i = 0; i < span && free; i++) free = await isFree(port + i);
    if (free) return port;
  }
  throw new Error(`no free port between ${first} and ${last + span - 1}`);
}

/** Resolves with the URL the server prints, or fails with everything it printed. */
function printedUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL after ${timeoutMs} ms:\n${printed}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /Ferry is running at (\S+)/.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited (${code}) before printing its URL:\n${printed}`));
    });
  });
}

/** Stops the server and anything it started: it leads its own process group, so the group is signalled. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!stopped) {
    process.kill(-child.pid, 'SIGKILL');
    await exited;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const dist = process.env.FERRY_DIST ?? 'dist';
  appPort = await freePort(e2ePort + 5, e2ePort + 9, 1);
  const tenantPort = await freePort(configTenantPort + 3, configTenantPort + 7, 2);
  tenantUrl = `http://127.0.0.1:${tenantPort}`;
  server = spawn(
    process.execPath,
    ['scripts/serve.mjs', '--port', String(appPort), '--tenant-port', String(tenantPort), '--dist', dist],
    { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  appUrl = await printedUrl(server, 80_000);
});

test.afterAll(async () => {
  if (server) await stopServer(server);
});

test('the README quick start: serve, sample file, one-click sign-in to the demo tenant, connections listed', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // What the terminal shows: the app's URL and the demo tenant it is preset to.
  expect(appUrl).toBe(`http://127.0.0.1:${appPort}/`);
  expect(printed).toContain(`Demo Auth0 tenant (local emulator) at ${tenantUrl}`);
  expect(printed).toContain(`Sign in with domain ${tenantUrl}`);
  const tenantState = (await (await fetch(`${tenantUrl}/__admin/state`)).json()) as { userCount: number };
  expect(tenantState.userCount).toBe(10_000); // "an Auth0 emulator with 10,000 users"

  // "Open it: Convert & check works at once (try "Try the sample file")."
  await page.goto(appUrl);
  await expect(page.getByRole('heading', { level: 1, name: 'Convert & check' })).toBeVisible();
  await page.getByRole('button', { name: 'Try the sample file' }).click();
  const convert = new ConvertPage(page);
  await convert.waitForSummary();
  expect((await convert.countsOf('sample-users.json'))[0]).toBe(30);

  // "open Connection and press Sign in with Auth0: the page is preset to the local demo tenant"
  await page.getByRole('link', { name: 'Connection', exact: true }).click();
  await expect(page.getByLabel('Tenant domain')).toHaveValue(tenantUrl);
  await expect(page.getByLabel('Client id')).not.toHaveValue('');
  await page.getByRole('button', { name: 'Sign in with Auth0' }).click();

  // "one click on "Sign in as Demo Admin" signs you in"
  await page.getByRole('button', { name: 'Sign in as Demo Admin' }).click();
  await expect(page.getByTestId('session-tenant')).toHaveText(new URL(tenantUrl).host);
  const table = page.getByTestId('connections-table');
  await expect(table.getByRole('row').filter({ hasText: 'Username-Password-Authentication' })).toBeVisible();
  expect(pageErrors).toEqual([]);
});
