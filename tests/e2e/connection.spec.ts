import { expect, test, type Page } from '@playwright/test';
import { startTenant, type RunningTenant } from '../emulator/index';

/**
 * The Connection screen against the local tenant emulator (real HTTP, real CORS, real PKCE). Build with
 * FERRY_CONNECT_SRC='http://127.0.0.1:*' so the page's CSP lets it reach the emulator.
 */

let tenant: RunningTenant;
let closedTenant: RunningTenant;

test.beforeAll(async () => {
  tenant = await startTenant({ userCount: 30, plan: 'free' });
  // A tenant whose CORS settings do not list the app's origin.
  closedTenant = await startTenant({ userCount: 5, allowedOrigins: ['https://ferry.example.org'] });
});

test.afterAll(async () => {
  await tenant?.close();
  await closedTenant?.close();
});

test.beforeEach(() => {
  tenant.state.counters.rateLimited = 0;
});

const host = (t: RunningTenant) => new URL(t.url).host;

async function signInWithAuth0(page: Page, keep: boolean) {
  await page.goto('./#/connection');
  await page.getByLabel('Tenant domain').fill(tenant.url);
  await page.getByLabel('Client id').fill(tenant.clientId);
  if (keep) await page.getByLabel(/Keep me signed in/).check();
  await page.getByRole('button', { name: 'Sign in with Auth0' }).click();
  await page.getByTestId('tenant-login').click();
  await expect(page.getByTestId('session-tenant')).toHaveText(host(tenant));
}

async function pasteToken(page: Page, token: string) {
  await page.goto('./#/connection');
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Use this token' }).click();
}

test('PKCE sign-in lists the database connections; a reload offers a quick sign-in instead of a 60 s stall', async ({
  page,
}) => {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  await signInWithAuth0(page, false);
  await expect(page.getByTestId('session-method')).toHaveText('Signed in with Auth0 (PKCE)');
  await expect(page).toHaveURL(/#\/connection$/); // code and state are gone from the address bar
  const table = page.getByTestId('connections-table');
  await expect(table.getByRole('row')).not.toHaveCount(1);
  const names = tenant.state.connections.filter((c) => c.strategy === 'auth0');
  for (const connection of names) {
    const row = table.getByRole('row').filter({ hasText: connection.id });
    await expect(row).toContainText(connection.name);
    await expect(row.getByRole('cell').last()).toHaveText(
      new RegExp(`^${connection.enabledClients.length}( |$)`),
    );
  }

  // A fresh tenant and a well-paced client: no request was refused by the rate limiter.
  expect(tenant.state.counters.rateLimited).toBe(0);

  const started = Date.now();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in again' })).toBeVisible();
  const offered = Date.now() - started;
  console.log(`reload to "Sign in again" offered: ${offered} ms`);
  expect(offered).toBeLessThan(5_000);
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await page.getByTestId('tenant-login').click();
  await expect(page.getByTestId('session-tenant')).toHaveText(host(tenant));
  // A reload forgets the client's pacing state; if the tenant's bucket is still low, a 429 is retried after its reset.
  await expect(page.getByTestId('connections-table').getByRole('row')).toHaveCount(names.length + 1);
  // The access token never travels in a URL.
  const tokens = urls.filter((url) => /eyJ[\w-]+\.eyJ/.test(url));
  expect(tokens).toEqual([]);
});

test('"Keep me signed in" survives a reload; sign-out forgets every token', async ({ page }) => {
  await signInWithAuth0(page, true);
  const started = Date.now();
  await page.reload();
  await expect(page.getByTestId('session-tenant')).toHaveText(host(tenant));
  const restored = Date.now() - started;
  console.log(`reload to restored session (refresh token): ${restored} ms`);
  expect(restored).toBeLessThan(5_000);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('session-indicator')).toHaveText('Not connected');
  const stored = await page.evaluate<string>(
    'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
  );
  expect(stored).not.toMatch(/eyJ|refresh_token|@@auth0spajs@@/);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Use this token' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in again' })).toHaveCount(0);
});

test('a pasted token shows tenant, scopes, a live countdown, and stays out of storage', async ({ page }) => {
  const token = await tenant.mintToken({ expiresIn: 3600 });
  await pasteToken(page, token);
  await expect(page.getByTestId('session-tenant')).toHaveText(host(tenant));
  await expect(page.getByTestId('session-method')).toHaveText('Management API token (pasted)');
  await expect(page.getByTestId('session-scopes')).toContainText('create:users');
  await expect(page.getByTestId('session-scopes')).toContainText('read:connections');
  const expiry = page.getByTestId('session-expiry');
  await expect(expiry).toContainText(/in 59 min \d\d s/);
  const first = await expiry.textContent();
  await expect(expiry).not.toHaveText(first ?? ''); // counts down
  await expect(page.locator('[data-feature="import"]')).toContainText('✓ Import users');
  await expect(page.getByTestId('connections-table')).toBeVisible();
  const stored = await page.evaluate<string>(
    'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
  );
  expect(stored).not.toContain(token.slice(-20));
  await page.reload();
  await expect(page.getByTestId('session-indicator')).toHaveText('Not connected');
});

test('the plan chosen for a tenant paces it again when a token for it is pasted after a reload', async ({
  page,
}) => {
  await pasteToken(page, await tenant.mintToken({ expiresIn: 3600 }));
  const plan = page.getByLabel('Tenant plan (request pacing)');
  await expect(plan).toHaveValue('free');
  await plan.selectOption('enterprise');
  await page.reload();
  await pasteToken(page, await tenant.mintToken({ expiresIn: 3600 }));
  await expect(page.getByTestId('session-tenant')).toHaveText(host(tenant));
  await expect(plan).toHaveValue('enterprise');
});

test('a token kept for the tab survives a reload, and one ending soon is warned about', async ({ page }) => {
  await page.goto('./#/connection');
  await page.getByLabel('Token', { exact: true }).fill(await tenant.mintToken({ expiresIn: 240 }));
  await page.getByLabel(/Keep it for this tab only/).check();
  await page.getByRole('button', { name: 'Use this token' }).click();
  await expect(page.getByTestId('session-indicator')).toContainText(/token ends in 3 min \d\d s/);
  await page.reload();
  await expect(page.getByTestId('session-tenant')).toHaveText(host(tenant));
  await expect(page.getByText(/The token ends in 3 min/)).toBeVisible();
});

test('an expired token is refused with the time it ended and where to get a new one', async ({ page }) => {
  await pasteToken(page, await tenant.mintToken({ expiresIn: -120 }));
  const error = page.getByTestId('session-error');
  await expect(error).toContainText(`This token for ${host(tenant)} expired at`);
  await expect(error).toContainText('API Explorer');
  await expect(page.getByTestId('session-indicator')).toHaveText('Not connected');
});

test('a token without read:connections says what is missing and how to get it', async ({ page }) => {
  await pasteToken(page, await tenant.mintToken({ scopes: ['read:users'] }));
  await expect(page.locator('[data-feature="import"]')).toContainText(
    '✗ Import users needs create:users, read:connections.',
  );
  await expect(page.locator('[data-feature="export"]')).toContainText('✓ Export users');
  await expect(page.getByTestId('connections-missing-scope')).toBeVisible();
  await expect(page.getByTestId('how-to-get-scopes')).toContainText('Machine To Machine Applications');
});

test('a tenant whose CORS settings refuse this origin is explained, with the fix', async ({ page }) => {
  await pasteToken(page, await closedTenant.mintToken());
  await expect(page.getByTestId('session-tenant')).toHaveText(host(closedTenant));
  const problem = page.getByTestId('connections-problem');
  await expect(problem).toContainText('The browser could not reach the tenant', { timeout: 15_000 });
  await expect(page.getByText(/Add http:\/\/127\.0\.0\.1:\d+ to Allowed Web Origins/)).toBeVisible();
});
