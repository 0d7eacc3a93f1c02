import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';

/**
 * The Import screen against the built app and the tenant emulator over real HTTP: files checked first, split into
 * jobs, run within Auth0's limits, resumed after a reload, and reported record by record.
 */

const tenantUrl = process.env.FERRY_TENANT_URL ?? '';
const host = new URL(tenantUrl).host;
const scopes = ['create:users', 'read:connections', 'read:users'];

async function admin<T = unknown>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${tenantUrl}/__admin/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

async function mintToken(withScopes = scopes): Promise<string> {
  return (await admin<{ access_token: string }>('token', { scopes: withScopes, expiresIn: 3600 }))
    .access_token;
}

interface Counters {
  maxActiveImports: number;
  rateLimited: number;
  importsCreated: number;
}

async function usersByEmail(token: string, email: string): Promise<Record<string, unknown>[]> {
  const url = `${tenantUrl}/api/v2/users-by-email?email=${encodeURIComponent(email)}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as Record<string, unknown>[];
}

const user = (i: number, domain = 'import-test.example') => ({
  email: `user${i}@${domain}`,
  given_name: `Given${i}`,
  family_name: 'Tester',
  email_verified: true,
  user_metadata: { seq: i },
});

const jsonFile = (name: string, records: unknown[]) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify(records)),
});

async function signIn(page: Page, plan = 'enterprise', withScopes = scopes): Promise<string> {
  const token = await mintToken(withScopes);
  await page.goto('./#/connection');
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Use this token' }).click();
  await expect(page.getByTestId('session-tenant')).toHaveText(host);
  await page.getByLabel('Tenant plan (request pacing)').selectOption(plan);
  return token;
}

async function setUp(
  page: Page,
  file: ReturnType<typeof jsonFile>,
  options: { chunk?: number; upsert?: boolean } = {},
) {
  await page.goto('./#/import');
  const option = page.locator('option', { hasText: 'Username-Password-Authentication (' });
  await expect(option).toHaveCount(1);
  await page.getByLabel('Database connection').selectOption((await option.getAttribute('value')) ?? '');
  await expect(page.getByTestId('clients-check')).toContainText('Enabled for');
  if (options.chunk) await page.getByLabel(/Part size/).fill(String(options.chunk));
  if (options.upsert) await page.getByLabel(/upsert/).check();
  await page.getByTestId('import-file-input').setInputFiles(file);
  await expect(page.getByTestId('check-verdict')).toBeVisible();
}

async function finished(page: Page, timeout = 90_000) {
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-run-status', 'finished', { timeout });
  await expect(page.getByTestId('accounting')).toBeVisible({ timeout: 20_000 });
}

async function download(page: Page, name: RegExp): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  return readFile(await file.path(), 'utf8');
}

const csvRows = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r\n/)
    .slice(1);

// Long runs: several jobs through a paced client (check-by-email after a reload makes one request per user).
test.describe.configure({ timeout: 150_000 });

test.beforeEach(async () => {
  await admin('reset', {});
  // Unlimited unless a test sets a plan: the page paces as Enterprise (16 requests/s).
  await admin('plan', { plan: 'off' });
  await admin('timing', { pendingMs: 100, processingMs: 300 });
});

test('a token without create:users is told which scopes are missing and how to get them', async ({
  page,
}) => {
  await signIn(page, 'enterprise', ['read:users']);
  await page.goto('./#/import');
  const missing = page.getByTestId('missing-scopes');
  await expect(missing).toContainText('lacks create:users and read:connections');
  await expect(missing).toContainText('API Explorer');
});

test('5,000 users become several jobs within Auth0 limits, and the report accounts for every one', async ({
  page,
}) => {
  await admin('plan', { plan: 'free' });
  await signIn(page, 'free');
  const users = Array.from({ length: 5_000 }, (_, i) => user(i));
  await setUp(page, jsonFile('five-thousand.json', users), { chunk: 60_000 });
  await expect(page.getByTestId('check-verdict')).toContainText('5,000 records ready to import');
  await page.getByRole('button', { name: 'Import 5,000 users' }).click();
  await finished(page, 120_000);
  const parts = await page.getByTestId('run-parts').locator('tbody tr').count();
  expect(parts).toBeGreaterThan(4);
  await expect(page.getByTestId('count-inserted')).toHaveText('5,000');
  await expect(page.getByTestId('accounting')).toContainText('Every record is accounted for: 5,000 records');
  const counters = await admin<Counters>('counters');
  expect(counters.maxActiveImports).toBeLessThanOrEqual(2);
  expect(counters.rateLimited).toBe(0);
  expect(counters.importsCreated).toBe(parts);
  const report = csvRows(await download(page, /-report\.csv$/));
  expect(report).toHaveLength(5_000);
  expect(report.every((row) => row.includes(',inserted,'))).toBe(true);
});

test('planted errors are each named; only valid records go, the rest are reported as skipped', async ({
  page,
}) => {
  await signIn(page);
  const records = [
    user(1, 'planted.example'),
    { email: 'not-an-email', given_name: 'Bad' },
    { ...user(3, 'planted.example'), favourite_colour: 'blue' },
    user(1, 'planted.example'),
    {
      email: 'export@planted.example',
      user_id: 'auth0|abc123',
      created_at: '2024-01-01T00:00:00Z',
      logins_count: 3,
    },
    { email: 'short@planted.example', given_name: '' },
    user(7, 'planted.example'),
  ];
  await setUp(page, jsonFile('planted.json', records));
  await expect(page.getByTestId('check-verdict')).toContainText('4 records of 7 cannot be imported');
  await page.getByRole('button', { name: 'Import the 3 valid users, skip 4' }).click();
  await finished(page);
  await expect(page.getByTestId('count-inserted')).toHaveText('3');
  await expect(page.getByTestId('count-skipped')).toHaveText('4');
  const problems = page.getByTestId('problem-records');
  await expect(problems.locator('tbody tr')).toHaveCount(4);
  await expect(problems.locator('tbody tr').nth(0)).toContainText(/email/);
  await expect(problems.locator('tbody tr').nth(1)).toContainText(/favourite_colour/);
  await expect(problems.locator('tbody tr').nth(2)).toContainText(/duplicate|more than once|already/i);
  await expect(problems.locator('tbody tr').nth(3)).toContainText(/given_name/);
  // The export-style record was converted on the way (auth0| stripped, export-only keys dropped) and imported.
  const token = await mintToken();
  const [exported] = await usersByEmail(token, 'export@planted.example');
  expect(exported.user_id).toBe('auth0|abc123');
});

test('upsert changes exactly the upsertable fields; with upsert off existing users fail and fill the retry file', async ({
  page,
}) => {
  const token = await signIn(page);
  const originals = [0, 1, 2].map((i) => ({
    ...user(i, 'upsert.example'),
    user_metadata: { plan: 'old', keep: 1 },
  }));
  await setUp(page, jsonFile('first.json', originals));
  await page.getByRole('button', { name: 'Import 3 users' }).click();
  await finished(page);
  await page.getByRole('button', { name: 'Start another import' }).click();
  await page.getByRole('button', { name: /^Remove/ }).click();

  // Upsert off: all three exist already and fail; the retry file holds exactly them.
  const again = [...originals, user(9, 'upsert.example')];
  await page.getByTestId('import-file-input').setInputFiles(jsonFile('again.json', again));
  await page.getByRole('button', { name: 'Import 4 users' }).click();
  await finished(page);
  await expect(page.getByTestId('count-failed')).toHaveText('3');
  await expect(page.getByTestId('problem-records')).toContainText('The user already exists');
  await expect(page.getByTestId('problem-records')).toContainText('upsert parameter is false');
  const retry = JSON.parse(await download(page, /failed-records\.json$/)) as { email: string }[];
  expect(retry.map((r) => r.email).sort()).toEqual(originals.map((r) => r.email).sort());
  await page.getByRole('button', { name: 'Start another import' }).click();
  await page.getByRole('button', { name: /^Remove/ }).click();

  // Upsert on: given_name and metadata change; blocked is not upsertable and stays as it was.
  const changed = originals.map((r) => ({
    ...r,
    given_name: 'Changed',
    user_metadata: { plan: 'new' },
    blocked: true,
  }));
  await page.getByLabel(/upsert/).check();
  await page.getByTestId('import-file-input').setInputFiles(jsonFile('changed.json', changed));
  await page.getByRole('button', { name: 'Import 3 users' }).click();
  await finished(page);
  await expect(page.getByTestId('count-failed')).toHaveText('0');
  for (const original of originals) {
    const [stored] = await usersByEmail(token, original.email);
    expect(stored.given_name).toBe('Changed');
    expect(stored.family_name).toBe('Tester');
    expect(stored.user_metadata).toEqual({ plan: 'new' });
    expect(stored.blocked ?? false).toBe(false);
  }

  // History saves the same retry file from the parts' stored payloads: no need to pick the file again.
  await page.goto('./#/history');
  const againRun = page.getByTestId('history-entry').filter({ hasText: 'again.json' });
  await expect(againRun.getByLabel(/Original file\(s\) of this import/)).toHaveCount(0);
  const [fromHistory] = await Promise.all([
    page.waitForEvent('download'),
    againRun.getByRole('button', { name: 'Failed records as import file' }).click(),
  ]);
  const historyRetry = JSON.parse(await readFile(await fromHistory.path(), 'utf8')) as { email: string }[];
  expect(historyRetry).toEqual(retry);
});

// With a part size of its own the parts are planned by reading the file again; with the default one they are the
// parts the check wrote (plan-from-check.ts).
for (const { parts, chunk, note } of [
  { parts: 'read again', chunk: 40_000, note: '' },
  { parts: 'from the check', chunk: undefined, note: 'x'.repeat(500) },
]) {
  test(`a reload mid-run resumes where it was, with no job sent twice (parts ${parts})`, async ({ page }) => {
    await admin('timing', { pendingMs: 300, processingMs: 900 });
    await signIn(page);
    const users = Array.from({ length: 3_000 }, (_, i) => {
      const record = user(i, 'reload.example');
      return note ? { ...record, user_metadata: { ...record.user_metadata, note } } : record;
    });
    await setUp(page, jsonFile('reload.json', users), { chunk });
    await page.getByRole('button', { name: 'Import 3,000 users' }).click();
    await expect(page.getByTestId('count-inserted')).not.toHaveText('0', { timeout: 30_000 });
    await page.reload();
    await page.goto('./#/connection');
    await page.getByLabel('Token', { exact: true }).fill(await mintToken());
    await page.getByRole('button', { name: 'Use this token' }).click();
    await page.goto('./#/import');
    await page.getByTestId('resume-offer').getByRole('button', { name: 'Resume' }).click();
    const panel = page.getByTestId('run-panel');
    await expect(panel).toHaveAttribute('data-run-status', /finished|needs-decision/, { timeout: 60_000 });
    if ((await panel.getAttribute('data-run-status')) === 'needs-decision') {
      await page.getByRole('button', { name: 'Check users by email' }).click();
    }
    await finished(page);
    // A part whose send the reload interrupted and whose users were then found in the tenant counts as imported
    // (by that send), not inserted: together they are every record, and none failed or was skipped.
    const accounting = (await page.getByTestId('accounting').innerText()).replace(/\s+/g, ' ');
    const counted =
      /3,000 records = ([\d,]+) inserted \+ 0 updated \+ ([\d,]+) imported \+ 0 failed \+ 0 skipped/.exec(
        accounting,
      );
    expect(counted, accounting).not.toBeNull();
    const [inserted, imported] = [counted?.[1], counted?.[2]].map((n) => Number(n?.replace(/,/g, '')));
    expect(inserted + imported).toBe(3_000);
    const partCount = await page.getByTestId('run-parts').locator('tbody tr').count();
    expect(partCount).toBeGreaterThan(2);
    expect((await admin<Counters>('counters')).importsCreated).toBe(partCount);
  });
}

test('500s, 429s, dropped connections and a failed job still end in a complete, correct report', async ({
  page,
}) => {
  await admin('plan', { plan: 'free' });
  // The page paces as if on Enterprise while the tenant allows 2 requests/s: Auth0 answers 429s.
  await signIn(page, 'enterprise');
  const users = Array.from({ length: 1_200 }, (_, i) => user(i, 'faults.example'));
  await setUp(page, jsonFile('faults.json', users), { chunk: 40_000 });
  await admin('faults', {
    failNext: { count: 1, status: 500, path: '/jobs/users-imports', method: 'POST' },
    dropNext: { count: 1, path: '/jobs/job_' },
    failNextJobs: 1,
  });
  await page.getByRole('button', { name: 'Import 1,200 users' }).click();
  await finished(page, 120_000);
  const counters = await admin<Counters>('counters');
  expect(counters.rateLimited).toBeGreaterThan(0);
  expect(counters.maxActiveImports).toBeLessThanOrEqual(2);
  const failed = Number((await page.getByTestId('count-failed').textContent())?.replace(/,/g, ''));
  const inserted = Number((await page.getByTestId('count-inserted').textContent())?.replace(/,/g, ''));
  expect(failed).toBeGreaterThan(0);
  expect(inserted + failed).toBe(1_200);
  await expect(page.getByTestId('accounting')).toContainText('Every record is accounted for: 1,200 records');
  await expect(page.getByTestId('problem-records')).toContainText('The job failed as a whole');
  const retry = JSON.parse(await download(page, /failed-records\.json$/)) as { email: string }[];
  expect(retry).toHaveLength(failed);
  // The tenant's free-plan bucket may be empty after the run: this check is not the page's, so it is not paced.
  await admin('plan', { plan: 'off' });
  const token = await mintToken();
  const [missing] = await usersByEmail(token, retry[0].email);
  expect(missing).toBeUndefined();
});
