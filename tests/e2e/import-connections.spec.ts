import { expect, test } from '@playwright/test';
import { startTenant, type RunningTenant } from '../emulator/index';
import { customDatabaseConnection } from '../emulator/seed';
import { TenantHandle, jsonFile, pasteToken, runEnded, testUser } from './fixtures/import-page';

/**
 * Custom database connections on the Import screen: one in import mode takes imports like any database connection;
 * one without import mode is listed but cannot be chosen, with the reason (Auth0 refuses imports into it).
 * The emulator has no admin call to add a connection, so this spec runs its own tenant and adds them to its state.
 */

let running: RunningTenant;
let tenant: TenantHandle;

test.beforeAll(async () => {
  const port = Number(process.env.FERRY_CUSTOM_DB_TENANT_PORT ?? 0);
  running = await startTenant({
    port,
    userCount: 20,
    plan: 'off',
    timing: { pendingMs: 50, processingMs: 150 },
  });
  running.state.connections.push(
    customDatabaseConnection('con_CustomNoImport01', 'legacy-sql', false, [running.clientId]),
    customDatabaseConnection('con_CustomImportOn01', 'migrating-sql', true, [running.clientId]),
  );
  tenant = new TenantHandle(running.url);
});
test.afterAll(async () => running?.close());

test('a custom database without import mode is shown disabled with the reason; one in import mode imports', async ({
  page,
}) => {
  await pasteToken(page, tenant);
  await page.goto('./#/import');
  const select = page.getByLabel('Database connection');
  const legacy = select.locator('option', { hasText: 'legacy-sql (' });
  const migrating = select.locator('option', { hasText: 'migrating-sql (' });
  await expect(legacy).toHaveText('legacy-sql (con_CustomNoImport01) — custom database without import mode');
  await expect(legacy).toBeDisabled();
  await expect(migrating).toBeEnabled();
  await expect(select.locator('option', { hasText: 'Username-Password-Authentication (' })).toBeEnabled();
  await expect(page.getByTestId('refused-connections')).toHaveText(
    'legacy-sql is a custom database connection without import mode: Auth0 refuses imports into it. Turn on "Import Users to Auth0" in its settings (Custom Database tab) to import into it.',
  );
  // Not a database at all: not listed.
  await expect(select.locator('option', { hasText: 'google-oauth2' })).toHaveCount(0);

  await select.selectOption('con_CustomImportOn01');
  await expect(page.getByTestId('clients-check')).toContainText('Enabled for 1 application');
  await page.getByTestId('import-file-input').setInputFiles(
    jsonFile(
      'custom-db.json',
      [1, 2].map((i) => testUser(i, 'custom-db.example')),
    ),
  );
  await page.getByRole('button', { name: 'Import 2 users' }).click();
  await runEnded(page);
  await expect(page.getByTestId('count-inserted')).toHaveText('2');
  const [stored] = await tenant.usersByEmail('user1@custom-db.example');
  expect((stored.identities as { connection: string }[])[0].connection).toBe('migrating-sql');
});
