import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { startTenant, type RunningTenant } from '../emulator/index';
import type { TenantUser } from '../emulator/types';
import {
  downloadResult,
  exportAndDownload,
  setFields,
  signInAndOpenExport,
  strictCsvRows,
} from './fixtures/export-page';

/**
 * The Export screen against the local tenant emulator over real HTTP: Auth0's export job (poll, fresh link, gzip
 * NDJSON), the user search past the 1000-result cap, every output format checked cell by cell, and the paths where
 * the download is refused or the link expires. Build with FERRY_CONNECT_SRC='http://127.0.0.1:*'.
 */

let tenant: RunningTenant;

test.beforeAll(async () => {
  tenant = await startTenant({ userCount: 2500, plan: 'off', timing: { pendingMs: 50, processingMs: 150 } });
});
test.afterAll(async () => tenant?.close());
test.beforeEach(async () => {
  await fetch(`${tenant.url}/__admin/reset`, { method: 'POST' });
  await fetch(`${tenant.url}/__admin/timing`, {
    method: 'POST',
    body: JSON.stringify({ exportLinkTtlMs: 60_000 }),
  });
});

const admin = (path: string, body: unknown) =>
  fetch(`${tenant.url}/__admin/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const users = (): TenantUser[] => [...tenant.state.users.values()];
const inConnection = (name: string) =>
  users().filter((u) => (u.identities as Array<{ connection: string }>)[0].connection === name);
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

test('a connection with the default fields, as CSV that a strict parser reads back cell by cell', async ({
  page,
}) => {
  await signInAndOpenExport(page, tenant);
  await expect(page.getByTestId('field-row')).toHaveCount(11);
  await page.getByLabel('Start with a BOM').check();
  const csv = await exportAndDownload(page, /^Export users$/);
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const body = csv.slice(1);
  const strict = strictCsvRows(body);
  const parsed = Papa.parse<string[]>(body, { newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data).toEqual(strict);
  const [header, ...rows] = strict;
  expect(header).toEqual([
    'Id',
    'Given Name',
    'Family Name',
    'Nickname',
    'Name',
    'Email',
    'Email Verified',
    'Picture',
    'Connection',
    'Created At',
    'Updated At',
  ]);
  const expected = inConnection('Username-Password-Authentication');
  expect(rows).toHaveLength(expected.length);
  const byId = new Map(rows.map((row) => [row[0], row]));
  for (const user of expected) {
    expect(byId.get(user.user_id)).toEqual([
      user.user_id,
      text(user.given_name),
      text(user.family_name),
      text(user.nickname),
      text(user.name),
      text(user.email),
      String(user.email_verified),
      text(user.picture),
      'Username-Password-Authentication',
      text(user.created_at),
      text(user.updated_at),
    ]);
  }
  await expect(page.getByTestId('export-summary')).toHaveText(
    `${expected.length.toLocaleString('en-US')} users exported`,
  );
});

test('expressions: false and 0 kept, a throwing one gives an empty cell and a warning; sorted both ways', async ({
  page,
}) => {
  await signInAndOpenExport(page, tenant);
  await page.getByLabel('Every connection').check();
  await setFields(page, [
    ['email', 'Email'],
    ['email_verified', 'Verified'],
    ['user.logins_count', 'Logins'],
    ['user.user_metadata.plan || "none"', 'Plan'],
    ['user.user_metadata + 1', 'Broken'],
  ]);
  // A parse error shows as the admin types, and blocks the export until fixed.
  await page.getByLabel('Field 5 attribute or expression').fill('user.user_metadata +');
  await expect(page.getByTestId('field-problem')).toContainText('Field 5 (Broken)');
  await expect(page.getByRole('button', { name: 'Export users' })).toBeDisabled();
  await page.getByLabel('Field 5 attribute or expression').fill('user.user_metadata + 1');
  await expect(page.getByTestId('field-problem')).toHaveCount(0);
  await page.getByLabel('JSON array').check();
  await page.getByLabel(/^Sort by/).fill('user.logins_count');
  await page.getByLabel('Direction').selectOption('desc');

  const all = users();
  for (const direction of ['desc', 'asc'] as const) {
    await page.getByLabel('Direction').selectOption(direction);
    const rows = JSON.parse(await exportAndDownload(page, /^Export users$/)) as Array<
      Record<string, unknown>
    >;
    expect(rows).toHaveLength(all.length);
    const logins = rows.map((r) => r.Logins as number);
    const sorted = [...logins].sort((a, b) => (direction === 'asc' ? a - b : b - a));
    expect(logins).toEqual(sorted);
    // Stable: users with equal logins keep the export's order (seed order).
    const order = new Map(all.map((u, i) => [u.email, i]));
    for (let i = 1; i < rows.length; i++) {
      if (logins[i] === logins[i - 1])
        expect(order.get(rows[i].Email as string)!).toBeGreaterThan(order.get(rows[i - 1].Email as string)!);
    }
    const byEmail = new Map(all.map((u) => [u.email, u]));
    for (const row of rows) {
      const user = byEmail.get(row.Email as string)!;
      expect(row).toEqual({
        Email: user.email,
        Verified: user.email_verified,
        Logins: user.logins_count,
        Plan: (user.user_metadata as { plan?: string }).plan ?? 'none',
      });
    }
    expect(rows.some((r) => r.Verified === false)).toBe(true);
    expect(rows.some((r) => r.Logins === 0)).toBe(true);
    await expect(page.getByTestId('export-done')).toContainText(
      `${all.length.toLocaleString('en-US')} empty cells from failing fields`,
    );
    await expect(page.getByTestId('export-problems').getByRole('listitem').first()).toContainText(
      'column Broken',
    );
  }
});

test('a query past 1000 matches: live count, sample preview, NDJSON export complete cell by cell', async ({
  page,
}) => {
  await signInAndOpenExport(page, tenant);
  await page.getByLabel('Users matching a search query').check();
  await setFields(page, [
    ['user_id', 'id'],
    ['email', 'email'],
    ['identities[0].connection', 'connection'],
  ]);
  await page.getByLabel('NDJSON (one user per line)').check();
  const query = 'email_verified:true';
  const expected = users().filter((u) => u.email_verified === true);
  expect(expected.length).toBeGreaterThan(1000);
  await page.getByLabel('Search query (Lucene)').fill(query);
  await expect(page.getByTestId('query-count')).toContainText(
    `${expected.length.toLocaleString('en-US')} matching users`,
  );
  const start = page.getByRole('button', { name: `Export ${expected.length.toLocaleString('en-US')} users` });
  await expect(start).toBeEnabled();

  await page.getByRole('button', { name: /Export a sample/ }).click();
  const sample = page.getByTestId('sample-preview');
  await expect(sample.getByRole('row')).toHaveCount(11);
  await expect(sample.getByRole('columnheader')).toHaveText(['id', 'email', 'connection']);

  await start.click();
  const lines = (await downloadResult(page))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, string>);
  await expect(page.getByTestId('export-completeness')).toContainText(
    `Complete: all ${expected.length.toLocaleString('en-US')} users`,
  );
  expect(lines).toHaveLength(expected.length);
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const user of expected) {
    expect(byId.get(user.user_id)).toEqual({
      id: user.user_id,
      email: user.email,
      connection: (user.identities as Array<{ connection: string }>)[0].connection,
    });
  }
});

test('import-ready JSON re-imports into the emulator with zero errors', async ({ page }) => {
  await signInAndOpenExport(page, tenant);
  await page.getByLabel('Auth0 import-ready JSON').check();
  const records = JSON.parse(await exportAndDownload(page, /^Export users$/)) as Array<
    Record<string, unknown>
  >;
  const expected = inConnection('Username-Password-Authentication');
  expect(records).toHaveLength(expected.length);
  expect(
    records.every((r) => typeof r.user_id === 'string' && !(r.user_id as string).startsWith('auth0|')),
  ).toBe(true);
  expect(records.some((r) => 'created_at' in r || 'identities' in r || 'logins_count' in r)).toBe(false);

  const connection = tenant.state.connections.find((c) => c.name === 'Username-Password-Authentication')!;
  const token = await tenant.mintToken({ scopes: ['create:users', 'read:users'] });
  for (let at = 0; at < records.length; at += 800) {
    const form = new FormData();
    form.append(
      'users',
      new Blob([JSON.stringify(records.slice(at, at + 800))], { type: 'application/json' }),
      'users.json',
    );
    form.append('connection_id', connection.id);
    form.append('upsert', 'true');
    form.append('send_completion_email', 'false');
    const created = await fetch(`${tenant.url}/api/v2/jobs/users-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    let job: { status: string; summary?: { failed: number; updated: number; inserted: number } } = {
      status: 'pending',
    };
    await expect
      .poll(
        async () => {
          const response = await fetch(`${tenant.url}/api/v2/jobs/${id}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          job = (await response.json()) as typeof job;
          return job.status;
        },
        { timeout: 20_000 },
      )
      .toBe('completed');
    expect(job.summary?.failed).toBe(0);
    expect(job.summary?.inserted).toBe(0);
    const errors = await fetch(`${tenant.url}/api/v2/jobs/${id}/errors`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(errors.status).toBe(204);
  }
});

test('the link is fetched fresh right before the download, so a slow moment does not expire it', async ({
  page,
}) => {
  await admin('timing', { exportLinkTtlMs: 1000 });
  await signInAndOpenExport(page, tenant);
  const locations: string[] = [];
  let fileUrl = '';
  let completedSeen = false;
  page.on('request', (request) => {
    if (request.url().includes('/exports/')) fileUrl = request.url();
  });
  // Once the job is complete, hold the next job request for 1.5 s: a link from the completing poll would expire.
  await page.route(/\/api\/v2\/jobs\/job_/, async (route) => {
    if (completedSeen) await new Promise((r) => setTimeout(r, 1500));
    const response = await route.fetch();
    const job = (await response.json()) as { status: string; location?: string };
    if (job.location) locations.push(job.location);
    if (job.status === 'completed') completedSeen = true;
    await route.fulfill({ response });
  });
  await page.getByLabel('Every connection').check();
  await setFields(page, [['email', 'Email']]);
  await page.getByLabel('NDJSON (one user per line)').check();
  const lines = (await exportAndDownload(page, /^Export users$/)).trim().split('\n');
  expect(lines).toHaveLength(tenant.state.users.size);
  expect(locations.length).toBeGreaterThanOrEqual(2);
  expect(fileUrl).toBe(locations.at(-1));
  // The link the completing poll returned has expired by now: only the fresh one worked.
  expect((await fetch(locations[0])).status).toBe(403);
});

test('a download the host refuses (CORS): the admin downloads the link and drops the file back in', async ({
  page,
}) => {
  await admin('switches', { exportFilesCors: false });
  await admin('timing', { exportLinkTtlMs: 1000 });
  await signInAndOpenExport(page, tenant);
  await setFields(page, [
    ['email', 'Email'],
    ['user_metadata.plan', 'Plan'],
  ]);
  await page.getByRole('button', { name: /^Export users$/ }).click();
  await expect(page.getByTestId('export-refused')).toContainText('did not allow Ferry to read it');
  await page.waitForTimeout(1200); // any link issued so far has expired
  await page.getByRole('button', { name: 'Get a fresh download link' }).click();
  const href = await page.getByTestId('export-file-link').getAttribute('href');
  const file = await fetch(href!); // what the admin's browser does with the link (no CORS for a plain download)
  expect(file.status).toBe(200);
  const gz = Buffer.from(await file.arrayBuffer());
  await page
    .getByTestId('export-drop-input')
    .setInputFiles({ name: 'ferry-demo-tenant.json.gz', mimeType: 'application/gzip', buffer: gz });
  const rows = strictCsvRows(await downloadResult(page));
  const expected = inConnection('Username-Password-Authentication');
  expect(rows).toHaveLength(expected.length + 1);
  const byEmail = new Map(rows.map((r) => [r[0], r[1]]));
  for (const user of expected)
    expect(byEmail.get(user.email)).toBe(text((user.user_metadata as { plan?: string }).plan));
});

test('a token without read:users is told which scope is missing and how to get it', async ({ page }) => {
  await signInAndOpenExport(page, tenant, ['read:connections']);
  await expect(page.getByTestId('export-missing-scope')).toContainText('read:users');
  await expect(page.getByRole('button', { name: /^Export users$/ })).toHaveCount(0);
});
