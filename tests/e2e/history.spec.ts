import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Page } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The History screen against the built app: a history file goes in through the UI, is listed, filtered, kept across
 * reloads and browser restarts, deleted from and exported again; a database written by schema v1 still opens.
 */

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = path.join(fixtures, 'ferry-history.json');
const entryIds = (page: Page) =>
  page
    .getByTestId('history-entry')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-entry-id')));

async function importFixture(page: Page) {
  await page.goto('./#/history');
  await expect(page.getByTestId('history-empty')).toContainText('No history yet');
  await page.getByLabel('History file to import').setInputFiles(fixture);
  await expect(
    page.getByRole('status').filter({ hasText: 'Imported 3 import run(s), 2 export(s)' }),
  ).toBeVisible();
}

async function downloadText(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}

test('a history file is listed newest first, filtered, detailed, and its reports download again', async ({
  page,
}) => {
  await importFixture(page);
  await expect.poll(() => entryIds(page)).toEqual(['run-c', 'export-b', 'run-b', 'export-a', 'run-a']);
  const runA = page.locator('[data-entry-id="run-a"]');
  await expect(runA.getByRole('heading')).toContainText('Import to acme.eu.auth0.com');
  await expect(runA.getByTestId('entry-counts')).toHaveText('5 inserted, 0 updated, 1 failed, 0 skipped');
  await expect(runA).toContainText('Username-Password-Authentication (con_AAAABBBBCCCCDDDD)');
  await expect(runA).toContainText('users-run-a.json');

  await page.getByLabel('Tenant').selectOption('beta.us.auth0.com');
  await expect.poll(() => entryIds(page)).toEqual(['run-c', 'export-b']);
  await page.getByLabel('Kind').selectOption('export');
  await expect.poll(() => entryIds(page)).toEqual(['export-b']);
  await page.getByLabel('Tenant').selectOption('');
  await page.getByLabel('Kind').selectOption('import');
  await page.getByLabel('Status').selectOption('paused');
  await expect.poll(() => entryIds(page)).toEqual(['run-b']);
  const runB = page.locator('[data-entry-id="run-b"]');
  await expect(runB).toContainText('The token expired; sign in again to resume.');
  await page.getByLabel('Status').selectOption('failed');
  await expect(page.getByTestId('history-empty')).toContainText('No entry matches these filters');
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Kind').selectOption('');

  // Details: the parts with their Auth0 job ids; keyboard only.
  await runA.getByRole('button', { name: 'Details' }).focus();
  await page.keyboard.press('Enter');
  const parts = runA.getByTestId('run-parts');
  await expect(parts.getByRole('row')).toHaveCount(3);
  await expect(parts).toContainText('job_run-a_1');
  await expect(runA.getByRole('button', { name: 'Hide details' })).toHaveAttribute('aria-expanded', 'true');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const axe = await new AxeBuilder({ page }).include('main').analyze();
    expect(axe.violations.map((violation) => `${colorScheme}: ${violation.id}: ${violation.help}`)).toEqual(
      [],
    );
  }
  // Not signed in: nothing to re-check with.
  await expect(runA.getByRole('button', { name: 'Re-check status' })).toHaveCount(0);

  const csv = await downloadText(page, () => runA.getByRole('button', { name: 'Report (CSV)' }).click());
  expect(csv.name).toMatch(/^ferry-import-report-acme\.eu\.auth0\.com-2026-01-10T09-00-00\.csv$/);
  const lines = csv.text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe('file,record,line,email,outcome,part,job_id,code,field,reason');
  expect(lines).toHaveLength(7);
  expect(lines[2]).toBe(
    'users-run-a.json,1,3,user-1@example.com,failed,1,job_run-a_1,INVALID_FORMAT,email,email is not a valid email address',
  );

  // Failed records: read again from the original file the user picks.
  const original = Array.from({ length: 6 }, (_, i) => ({
    email: i === 1 ? 'not-an-email' : `user-${i}@example.com`,
  }));
  const failed = await downloadText(page, () =>
    runA.getByLabel(/Original file\(s\) of this import/).setInputFiles({
      name: 'users-run-a.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(original)),
    }),
  );
  expect(JSON.parse(failed.text)).toEqual([{ email: 'not-an-email' }]);
});

test('history survives a reload and a browser restart; a deleted entry stays deleted', async ({
  baseURL,
  launchOptions,
}) => {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'ferry-history-profile-'));
  const launch = () =>
    chromium.launchPersistentContext(userDataDir, {
      executablePath: launchOptions.executablePath,
      args: launchOptions.args,
      baseURL,
      serviceWorkers: 'block',
    });
  try {
    let context = await launch();
    let page = context.pages()[0] ?? (await context.newPage());
    await importFixture(page);
    await page.reload();
    await expect.poll(() => entryIds(page)).toHaveLength(5);

    const exportA = page.locator('[data-entry-id="export-a"]');
    await exportA.getByRole('button', { name: 'Delete…' }).click();
    await exportA.getByRole('button', { name: 'Keep it' }).click();
    await expect.poll(() => entryIds(page)).toHaveLength(5);
    await exportA.getByRole('button', { name: 'Delete…' }).click();
    await exportA.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => entryIds(page)).toEqual(['run-c', 'export-b', 'run-b', 'run-a']);
    await context.close();

    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto('./#/history');
    await expect.poll(() => entryIds(page)).toEqual(['run-c', 'export-b', 'run-b', 'run-a']);
    await page.locator('[data-entry-id="run-a"]').getByRole('button', { name: 'Delete…' }).click();
    await page.locator('[data-entry-id="run-a"]').getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => entryIds(page)).toEqual(['run-c', 'export-b', 'run-b']);
    await page.reload();
    await expect.poll(() => entryIds(page)).toEqual(['run-c', 'export-b', 'run-b']);
    await context.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});

test('the history exports as one JSON document with every entry and outcome, and a bad file is refused', async ({
  page,
}) => {
  await importFixture(page);
  const exported = await downloadText(page, () =>
    page.getByRole('button', { name: 'Export history (JSON)' }).click(),
  );
  expect(exported.name).toMatch(/^ferry-history-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json$/);
  const doc = JSON.parse(exported.text);
  const original = JSON.parse(await readFile(fixture, 'utf8'));
  expect(doc).toMatchObject({ format: 'ferry-history', version: 1 });
  expect(Date.parse(doc.exportedAt)).toBeGreaterThan(Date.UTC(2026, 0, 1));
  expect(doc.runs).toEqual(original.runs);
  expect(doc.exports).toEqual(original.exports);
  expect(doc.fieldPresets).toEqual(original.fieldPresets);
  const key = (o: { runId: string; record: number }) => `${o.runId}/${o.record}`;
  expect(doc.outcomes.map(key).sort()).toEqual(original.outcomes.map(key).sort());
  expect(exported.text).not.toMatch(/bearer|eyJ/i);

  const bad = { ...original, runs: [{ ...original.runs[0], status: 'exploded' }] };
  await page.getByLabel('History file to import').setInputFiles({
    name: 'broken-history.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('"broken-history.json": The history file has entries Ferry cannot read');
  await expect(alert.getByTestId('history-file-problems')).toContainText(
    'runs[0].status: expected one of planned, running',
  );
  await expect.poll(() => entryIds(page)).toHaveLength(5);
});

test('a history written by the first schema version opens and shows its entries', async ({ page }) => {
  await page.goto('./#/convert');
  // What Ferry's v1 schema created, written with raw IndexedDB (plain page script: tests are type-checked without DOM).
  await page.evaluate(await readFile(path.join(fixtures, 'write-v1-database.js'), 'utf8'));
  await page.goto('./#/history');
  const legacy = page.locator('[data-entry-id="legacy-run"]');
  await expect(legacy.getByRole('heading')).toContainText('Import to legacy.eu.auth0.com');
  await expect(legacy.getByTestId('entry-counts')).toHaveText('1 inserted, 1 updated, 1 failed, 0 skipped');
  const version = await page.evaluate(
    "new Promise((resolve) => { const q = indexedDB.open('ferry'); q.onsuccess = () => { resolve(q.result.version); q.result.close(); }; })",
  );
  // Upgraded to the current schema (v3; Dexie keeps version n as n × 10).
  expect(version).toBe(30);
});
