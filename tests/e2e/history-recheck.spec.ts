import { expect, test } from '@playwright/test';
import { TenantHandle, jsonFile, pasteToken, runEnded, setUpImport, testUser } from './fixtures/import-page';

/**
 * History's "Re-check status" against the tenant emulator: what Auth0 says of a finished run's jobs, a run whose tab
 * closed while its job ran (the re-check writes its results), and a job gone after Auth0's 24 h retention.
 */

const tenant = new TenantHandle(process.env.FERRY_TENANT_URL ?? '');
const dayMs = 24 * 60 * 60 * 1000;

interface AdminJob {
  id: string;
  status: string;
}

test.describe.configure({ timeout: 90_000 });

test.beforeEach(async () => {
  await tenant.admin('reset', {});
  await tenant.admin('plan', { plan: 'off' });
  await tenant.admin('timing', { pendingMs: 100, processingMs: 300, retentionMs: dayMs });
});

// The retention is tenant-wide and survives a reset: give the other specs their 24 hours back.
test.afterEach(async () => {
  await tenant.admin('timing', { retentionMs: dayMs });
});

test('re-check shows what Auth0 says of each job, then explains a job gone after its retention', async ({
  page,
}) => {
  await pasteToken(page, tenant);
  const users = [1, 2, 3].map((i) => testUser(i, 'recheck.example'));
  await setUpImport(page, jsonFile('recheck.json', users));
  await page.getByRole('button', { name: 'Import 3 users' }).click();
  await runEnded(page);
  const [job] = await tenant.admin<AdminJob[]>('jobs');

  // Straight to History (a fresh page load: the Import screen's module is not loaded).
  await page.goto('./#/history');
  await page.reload();
  await pasteToken(page, tenant);
  await page.goto('./#/history');
  const entry = page.getByTestId('history-entry').filter({ hasText: 'recheck.json' });
  await expect(entry.getByTestId('entry-status')).toHaveText('finished');
  await entry.getByRole('button', { name: 'Re-check status' }).click();
  const part = entry.getByTestId('recheck-part');
  await expect(part).toHaveCount(1);
  await expect(part).toHaveAttribute('data-auth0-status', 'completed');
  await expect(part).toContainText(
    `Part 1 (${job.id}): completed. Auth0: 3 inserted, 0 updated, 0 failed of 3.`,
  );
  await expect(entry.getByTestId('recheck-result')).toContainText('The import is now finished.');
  await expect(page.getByTestId('history-announcer')).toContainText('Asked Auth0 about 1 job(s)');

  await tenant.admin('timing', { retentionMs: 1 });
  await entry.getByRole('button', { name: 'Re-check status' }).click();
  await expect(part).toHaveAttribute('data-auth0-status', 'gone');
  await expect(part).toContainText(
    'Auth0 no longer has this job. Auth0 keeps job data for 24 hours; the results stored here are final.',
  );
  // The stored results stand.
  await expect(entry.getByTestId('entry-counts')).toHaveText('3 inserted, 0 updated, 0 failed, 0 skipped');
  await expect(entry.getByTestId('entry-status')).toHaveText('finished');
});

test('a run whose tab closed while its job ran gets its results from a re-check', async ({ page }) => {
  await tenant.admin('timing', { pendingMs: 200, processingMs: 6_000 });
  await pasteToken(page, tenant);
  const users = [1, 2, 3, 4].map((i) => testUser(i, 'closed-tab.example'));
  await setUpImport(page, jsonFile('closed-tab.json', users));
  await page.getByRole('button', { name: 'Import 4 users' }).click();
  await expect.poll(async () => (await tenant.admin<AdminJob[]>('jobs')).length).toBe(1);
  await page.goto('about:blank'); // the tab's run ends here, its job still processing on Auth0

  await pasteToken(page, tenant);
  await page.goto('./#/history');
  const entry = page.getByTestId('history-entry').filter({ hasText: 'closed-tab.json' });
  await expect(entry.getByTestId('entry-status')).toHaveText(/running|paused/);
  await expect(entry.getByTestId('entry-counts')).toHaveText('0 inserted, 0 updated, 0 failed, 0 skipped');
  await expect
    .poll(async () => (await tenant.admin<AdminJob[]>('jobs'))[0].status, { timeout: 20_000 })
    .toBe('completed');

  await entry.getByRole('button', { name: 'Re-check status' }).click();
  await expect(entry.getByTestId('recheck-part')).toContainText('Ended since the run stopped: completed.');
  await expect(entry.getByTestId('entry-status')).toHaveText('finished');
  await expect(entry.getByTestId('entry-counts')).toHaveText('4 inserted, 0 updated, 0 failed, 0 skipped');
  // The report built from the stored outcomes now has every record.
  await entry.getByRole('button', { name: 'Details' }).click();
  await expect(entry.getByTestId('run-parts').locator('tbody tr').first()).toContainText('completed');
});
