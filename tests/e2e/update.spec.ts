import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { startTenant, type RunningTenant } from '../emulator/index';
import { exportAndDownload, signInAndOpenExport } from './fixtures/export-page';

/**
 * The bulk update flow: export import-ready JSON, edit it, drop the edited file, see per user what upsert will change
 * (and what it cannot), then hand the upsert file to the Import screen.
 */

let tenant: RunningTenant;

test.beforeAll(async () => {
  tenant = await startTenant({ userCount: 60, plan: 'off', timing: { pendingMs: 50, processingMs: 150 } });
});
test.afterAll(async () => tenant?.close());

test('the change preview says what changes per user, warns about what upsert cannot change, and hands off', async ({
  page,
}) => {
  await signInAndOpenExport(page, tenant);
  await page.getByRole('button', { name: 'Set the export up for an update' }).click();
  await expect(page.getByLabel('Auth0 import-ready JSON')).toBeChecked();
  const exported = await exportAndDownload(page, /^Export users$/);
  const original = JSON.parse(exported) as Array<Record<string, unknown>>;
  expect(original.length).toBeGreaterThan(3);

  const edited = structuredClone(original);
  edited[0].given_name = 'Renamed';
  edited[1].user_metadata = { ...(edited[1].user_metadata as object), plan: 'platinum' };
  edited[2].blocked = true;
  edited.push({ email: 'brand.new@example.org', given_name: 'New' });
  await page.getByRole('button', { name: /Use the export made just now/ }).click();
  await expect(page.getByTestId('update-original')).toContainText('(exported just now)');
  await page.getByTestId('update-edited-input').setInputFiles({
    name: 'edited.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(edited, null, 2)),
  });

  const summary = page.getByTestId('update-summary');
  await expect(summary).toContainText('2 users will change');
  await expect(summary).toContainText('1 new users will be created');
  await expect(summary).toContainText('1 with edits upsert ignores');
  const changes = page.getByTestId('update-changes');
  const row = (email: unknown) => changes.locator(`tr[data-email="${String(email)}"]`);
  await expect(row(original[0].email)).toContainText(['/given_name']);
  await expect(row(original[0].email).getByRole('cell').nth(4)).toHaveText('"Renamed"');
  await expect(row(original[1].email).getByRole('cell').nth(1)).toHaveText('/user_metadata/plan');
  await expect(row(original[1].email).getByRole('cell').nth(4)).toHaveText('"platinum"');
  await expect(row('brand.new@example.org')).toContainText('new user');
  await expect(page.getByTestId('update-findings')).toContainText('blocked');
  await expect(page.getByTestId('update-findings')).toContainText(
    'brand.new@example.org is not in the original export',
  );
  await expect(page.getByTestId('update-section')).toContainText('replaced, not merged');

  await page.getByRole('button', { name: 'Import 3 users with upsert' }).click();
  await expect(page).toHaveURL(/#\/import\?from=update$/);
});

test('a dropped original and edited copy go to Import with upsert and the connection preselected, and update the users', async ({
  page,
}) => {
  await signInAndOpenExport(page, tenant);
  await page.getByRole('button', { name: 'Set the export up for an update' }).click();
  await page.getByRole('button', { name: /^Export users$/ }).click();
  await expect(page.getByTestId('export-done')).toBeVisible({ timeout: 45_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('list', { name: 'Exported file' }).getByRole('link').click(),
  ]);
  const originalName = download.suggestedFilename();
  const originalText = await readFile(await download.path(), 'utf8');
  const original = JSON.parse(originalText) as Array<Record<string, unknown>>;
  const connection = tenant.state.connections.find((c) => c.name === 'Username-Password-Authentication');

  // A new page life: the export is known only from the history, by its file name.
  await page.reload();
  await signInAndOpenExport(page, tenant);
  const edited = structuredClone(original);
  edited[0].given_name = 'Renamed';
  edited[1].user_metadata = { ...(edited[1].user_metadata as object), plan: 'platinum' };
  edited.push({ email: 'handoff.new@example.org', given_name: 'Newcomer' });
  await page.getByTestId('update-original-input').setInputFiles({
    name: originalName,
    mimeType: 'application/json',
    buffer: Buffer.from(originalText),
  });
  await page.getByTestId('update-edited-input').setInputFiles({
    name: 'edited.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(edited, null, 2)),
  });
  await expect(page.getByTestId('update-original-source')).toContainText(
    'exported from Username-Password-Authentication',
  );
  await expect(page.getByTestId('update-summary')).toContainText('2 users will change');
  await page.getByRole('button', { name: 'Import 3 users with upsert' }).click();

  await expect(page).toHaveURL(/#\/import\?from=update$/);
  await expect(page.getByTestId('import-note')).toContainText(
    '2 existing users change and 1 new users are created',
  );
  await expect(page.getByText('edited.upsert.json').first()).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /Update users that already exist/ })).toBeChecked();
  await expect(page.getByLabel('Database connection')).toHaveValue(connection?.id ?? 'missing');
  await expect(page.getByTestId('clients-check')).toContainText('Enabled for');
  await expect(page.getByTestId('check-verdict')).toContainText('3 records ready to import');
  await page.getByRole('button', { name: 'Import 3 users' }).click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-run-status', 'finished', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('accounting')).toContainText('Every record is accounted for: 3 records');
  await expect(page.getByTestId('count-failed')).toHaveText('0');

  const token = await tenant.mintToken({ scopes: ['read:users'], expiresIn: 600 });
  const byEmail = async (email: unknown) => {
    const url = `${tenant.url}/api/v2/users-by-email?email=${encodeURIComponent(String(email))}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    return ((await response.json()) as Array<Record<string, unknown>>)[0];
  };
  expect((await byEmail(original[0].email)).given_name).toBe('Renamed');
  expect((await byEmail(original[1].email)).user_metadata).toMatchObject({ plan: 'platinum' });
  const created = await byEmail('handoff.new@example.org');
  expect(created.given_name).toBe('Newcomer');
  expect((created.identities as { connection: string }[])[0].connection).toBe(
    'Username-Password-Authentication',
  );
  // Users not in the upsert file are left as they were.
  expect((await byEmail(original[2].email)).given_name).toBe(original[2].given_name);
});
