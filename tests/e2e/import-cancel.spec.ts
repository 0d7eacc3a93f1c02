import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { TenantHandle, jsonFile, pasteToken, runEnded, setUpImport, testUser } from './fixtures/import-page';

/**
 * Cancelling an import mid-run: nothing more is sent, the jobs already on Auth0 finish and are reported, the parts
 * never sent are marked cancelled, and the report still accounts for every record, each with its reason.
 */

const tenant = new TenantHandle(process.env.FERRY_TENANT_URL ?? '');

interface AdminJob {
  id: string;
  status: string;
  summary?: { inserted: number };
}

test.describe.configure({ timeout: 120_000 });

test.beforeEach(async () => {
  await tenant.admin('reset', {});
  await tenant.admin('plan', { plan: 'off' });
  await tenant.admin('timing', { pendingMs: 400, processingMs: 2_500 });
});

test('cancel stops sending; running jobs finish; unsent parts are cancelled and every record is reported', async ({
  page,
}) => {
  await pasteToken(page, tenant);
  const users: unknown[] = Array.from({ length: 600 }, (_, i) => testUser(i, 'cancel.example'));
  users.splice(10, 0, { email: 'not-an-email' });
  await setUpImport(page, jsonFile('cancel.json', users), { chunk: 8_000 });
  await expect(page.getByTestId('check-verdict')).toContainText('1 record of 601 cannot be imported');
  await page.getByRole('button', { name: 'Import the 600 valid users, skip 1' }).click();
  await expect.poll(async () => (await tenant.admin<AdminJob[]>('jobs')).length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Cancel import' }).click();
  await expect(page.getByTestId('run-status')).toContainText(/Cancelling|Cancelled/);
  await runEnded(page, 'cancelled');

  const parts = page.getByTestId('run-parts').locator('tbody tr');
  const rows = await parts.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
  );
  const sent = rows.filter((cells) => cells[4] !== '');
  const cancelled = rows.filter((cells) => cells[3] === 'cancelled');
  expect(cancelled.length).toBeGreaterThan(0);
  expect(sent.length + cancelled.length).toBe(rows.length);
  expect(sent.every((cells) => cells[3] === 'completed')).toBe(true);
  expect(cancelled.every((cells) => cells[4] === '')).toBe(true);

  // Auth0 got exactly the sent parts, and each of them ran to its end.
  const jobs = await tenant.admin<AdminJob[]>('jobs');
  expect(jobs.map((job) => job.id).sort()).toEqual(sent.map((cells) => cells[4]).sort());
  expect(jobs.every((job) => job.status === 'completed')).toBe(true);
  const inserted = jobs.reduce((sum, job) => sum + (job.summary?.inserted ?? 0), 0);
  const cancelledRecords = cancelled.reduce((sum, cells) => sum + Number(cells[2].replace(/,/g, '')), 0);
  expect(inserted + cancelledRecords).toBe(600);
  await expect(page.getByTestId('count-inserted')).toHaveText(inserted.toLocaleString('en'));
  await expect(page.getByTestId('count-skipped')).toHaveText((cancelledRecords + 1).toLocaleString('en'));
  await expect(page.getByTestId('accounting')).toContainText(
    `Every record is accounted for: 601 records = ${inserted.toLocaleString('en')} inserted`,
  );
  const problems = page.getByTestId('problem-records');
  await expect(problems).toContainText('Not sent: the import was cancelled before this part was sent.');
  await expect(problems.locator('tbody tr').first()).toContainText('not-an-email');

  // The report: one row per record, each skipped one with its reason.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /-report\.csv$/ }).click(),
  ]);
  const lines = (await readFile(await download.path(), 'utf8'))
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r\n/);
  expect(lines).toHaveLength(602);
  const cancelledLines = lines.filter((line) => line.includes(',skipped,') && line.includes('run.cancelled'));
  expect(cancelledLines).toHaveLength(cancelledRecords);
  expect(lines.filter((line) => line.includes(',inserted,'))).toHaveLength(inserted);
  expect(lines.some((line) => line.includes('not-an-email') && line.includes(',skipped,'))).toBe(true);
  // Nobody of a cancelled part reached the tenant.
  const email = /(user\d+@cancel\.example)/.exec(cancelledLines.at(-1) ?? '')?.[1] ?? '';
  expect(email).not.toBe('');
  expect(await tenant.usersByEmail(email)).toEqual([]);
});
