import { expect, test } from '@playwright/test';
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
