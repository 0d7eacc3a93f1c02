import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fixturePath } from './fixtures/convert-page';
import { TenantHandle, jsonFile, pasteToken, runEnded, testUser } from './fixtures/import-page';

/**
 * Accessibility in the busy states, where most of the content appears: axe (no serious or critical violation, light
 * and dark) on long findings lists, running and finished imports, the resume offer, every stage of an export, the
 * update preview, a detailed history and the signed-in connection; and keyboard-only use of the core flows, with the
 * live regions that announce progress. Runs against the built app and the tenant emulator (FERRY_TENANT_URL).
 */

const tenant = new TenantHandle(process.env.FERRY_TENANT_URL ?? '');
const fast = { pendingMs: 100, processingMs: 300 };

/** The browser globals the page scripts below use (tests are type-checked without the DOM library). */
type WithAnimations = typeof globalThis & {
  document: { getAnimations(): Array<{ playState: string; transitionProperty?: string }> };
};

/** Serious and critical axe violations, one readable line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}

/** Runs axe on the page as it is, in light and then dark, and fails (softly, naming the state) on any finding. */
async function axeInBothSchemes(page: Page, where: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // Colours fade on some controls: axe must measure the contrast of the scheme, not of a frame in between.
    await page.waitForFunction(() =>
      (globalThis as WithAnimations).document
        .getAnimations()
        .every(
          (animation) =>
            animation.playState !== 'running' || !/color/.test(animation.transitionProperty ?? ''),
        ),
    );
    expect.soft(await seriousViolations(page), `${where}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Presses Tab (or Shift+Tab) until `target` has focus: proves it is reachable by keyboard, in a bounded number of stops. */
async function tabTo(
  page: Page,
  target: Locator,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
  limit = 60,
): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((node) => node === node.ownerDocument.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target, `reached by Tab within ${limit} stops`).toBeFocused();
}

/** The browser global the page script below uses (tests are type-checked without the DOM library). */
type WithMutationObserver = typeof globalThis & {
  MutationObserver: new (callback: () => void) => {
    observe(node: unknown, options: { childList: boolean; subtree: boolean; characterData: boolean }): void;
  };
};

/** Records every text a live region shows from now on (the page may replace it many times between two polls). */
async function recordLiveRegion(region: Locator): Promise<() => Promise<string[]>> {
  await region.evaluate((node) => {
    const seen: string[] = [node.textContent?.trim() ?? ''];
    (node as unknown as { seen: string[] }).seen = seen;
    new (globalThis as WithMutationObserver).MutationObserver(() => {
      const text = node.textContent?.trim() ?? '';
      if (text !== seen.at(-1)) seen.push(text);
    }).observe(node, { childList: true, subtree: true, characterData: true });
  });
  return () => region.evaluate((node) => (node as unknown as { seen: string[] }).seen);
}

/** Users for the import checks; every `badEvery`-th has an address Auth0 rejects. */
function importUsers(count: number, domain: string, badEvery = 0): unknown[] {
  return Array.from({ length: count }, (_, i) =>
    badEvery && i % badEvery === badEvery - 1 ? { email: `user${i}.${domain}` } : testUser(i, domain),
  );
}

const connectionOption = (page: Page) =>
  page.locator('option', { hasText: 'Username-Password-Authentication (' });

test.beforeEach(async () => {
  await tenant.admin('reset', {});
  await tenant.admin('plan', { plan: 'off' });
  await tenant.admin('timing', fast);
});

test('Convert & check: 100+ findings listed and filtered', async ({ page }) => {
  await page.goto('./#/convert');
  const users = Array.from({ length: 240 }, (_, i) => ({
    email: i % 2 ? `user${i}.example.com` : `user${i}@example.com`,
    given_name: `Given${i}`,
    ...(i % 3 === 0 ? { favourite_colour: 'blue' } : {}),
  }));
  // The check's progress is announced: the status region goes from "Checking" to the counts.
  const announcer = page.getByTestId('announcer');
  await expect(announcer).toHaveAttribute('role', 'status');
  const announced = await recordLiveRegion(announcer);
  await page.getByTestId('file-input').setInputFiles(jsonFile('many-findings.json', users));
  await expect(page.getByRole('heading', { level: 2, name: 'Summary' })).toBeVisible();
  await expect(announcer).toHaveText(/^Done: 240 records/);
  expect((await announced()).some((text) => text.startsWith('Checking many-findings.json'))).toBe(true);
  const count = page.getByTestId('findings-count');
  await expect(count).toHaveAttribute('aria-live', 'polite');
  const all = Number(
    (/Showing all ([\d,]+)/.exec((await count.textContent()) ?? '')?.[1] ?? '0').replace(/,/g, ''),
  );
  expect(all).toBeGreaterThanOrEqual(100);
  await expect(page.getByTestId('finding-row').first()).toContainText('many-findings.json');
  await axeInBothSchemes(page, 'convert, all findings');

  // Filters narrow the list; the live count says so.
  const texts = await recordLiveRegion(count);
  await page.getByLabel('Severity').selectOption('error');
  await page.getByLabel('Contains').fill('user1');
  await expect(count).toHaveText(/^Showing [\d,]+ of [\d,]+$/);
  await expect(page.getByTestId('finding-row').first()).toContainText('user1');
  expect((await texts()).length).toBeGreaterThan(1);
  await axeInBothSchemes(page, 'convert, findings filtered');
});

test('Import: connection, options, files and start with the keyboard only; the run is announced', async ({
  page,
}) => {
  await pasteToken(page, tenant);
  await page.goto('./#/import');
  await expect(connectionOption(page)).toHaveCount(1);
  const connectionId = (await connectionOption(page).getAttribute('value')) ?? '';

  // The route change put focus on the heading; from there, Tab to each control.
  await expect(page.getByRole('heading', { level: 1, name: 'Import' })).toBeFocused();
  const select = page.getByLabel('Database connection');
  await tabTo(page, select);
  // A closed select changes with the arrow keys (Chromium on Linux and Windows).
  for (let i = 0; i < 10 && (await select.inputValue()) !== connectionId; i++)
    await page.keyboard.press('ArrowDown');
  await expect(select).toHaveValue(connectionId);
  await expect(page.getByTestId('clients-check')).toContainText('Enabled for');
  const upsert = page.getByRole('checkbox', { name: /Update users that already exist/ });
  await tabTo(page, upsert);
  await page.keyboard.press('Space');
  await expect(upsert).toBeChecked();

  // The drop zone is a button: Enter opens the file chooser.
  await tabTo(page, page.getByTestId('drop-zone').first());
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles(jsonFile('keyboard.json', importUsers(12, 'keyboard.example', 6)));
  await expect(page.getByTestId('check-verdict')).toContainText('2 records of 12 cannot be imported');

  const announcer = page.getByTestId('import-announcer');
  await expect(announcer).toHaveAttribute('aria-live', 'polite');
  const announced = await recordLiveRegion(announcer);
  const start = page.getByRole('button', { name: 'Import the 10 valid users, skip 2' });
  await tabTo(page, start);
  await page.keyboard.press('Enter');
  await runEnded(page);
  await expect(page.getByTestId('count-inserted')).toHaveText('10');
  await expect(announcer).toContainText('Import finished');
  const said = await announced();
  expect(said.filter((text) => text.startsWith('Import ')).length).toBeGreaterThanOrEqual(2);
  expect(said.some((text) => /^Import (running|planned)/.test(text))).toBe(true);
});

test('Import: checked with findings, running, the resume offer after a reload, and the results', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // Slow enough jobs that the run is still going while axe looks at it, and when the page reloads.
  await tenant.admin('timing', { pendingMs: 300, processingMs: 1_500 });
  await pasteToken(page, tenant);
  await page.goto('./#/import');
  await expect(connectionOption(page)).toHaveCount(1);
  await page
    .getByLabel('Database connection')
    .selectOption((await connectionOption(page).getAttribute('value')) ?? '');
  await expect(page.getByTestId('clients-check')).toContainText('Enabled for');
  await page.getByLabel(/Part size/).fill('6000');
  await page
    .getByTestId('import-file-input')
    .setInputFiles(jsonFile('busy.json', importUsers(400, 'busy.example', 40)));
  await expect(page.getByTestId('check-verdict')).toContainText('10 records of 400 cannot be imported');
  await expect(page.getByTestId('finding-row').first()).toBeVisible();
  await axeInBothSchemes(page, 'import, files checked with findings');

  await page.getByRole('button', { name: 'Import the 390 valid users, skip 10' }).click();
  const panel = page.getByTestId('run-panel');
  await expect(panel).toHaveAttribute('data-run-status', 'running');
  await expect(page.getByTestId('count-inserted')).not.toHaveText('0', { timeout: 20_000 });
  await panel.getByText(/^Parts \(\d+\)$/).click();
  await expect(page.getByTestId('run-parts').locator('tbody tr').first()).toBeVisible();
  await axeInBothSchemes(page, 'import, running with the parts table');
  // The run was live through both scans.
  await expect(panel).toHaveAttribute('data-run-status', 'running');

  await page.reload();
  await pasteToken(page, tenant);
  await tenant.admin('timing', fast);
  await page.goto('./#/import');
  const offer = page.getByTestId('resume-offer');
  await expect(offer).toContainText('400 records');
  await axeInBothSchemes(page, 'import, the resume offer after a reload');

  await offer.getByRole('button', { name: 'Resume' }).click();
  await expect(panel).toHaveAttribute('data-run-status', /finished|needs-decision/, { timeout: 60_000 });
  if ((await panel.getAttribute('data-run-status')) === 'needs-decision')
    await page.getByRole('button', { name: 'Check users by email' }).click();
  await runEnded(page);
  await expect(page.getByTestId('accounting')).toContainText('Every record is accounted for: 400 records');
  await expect(page.getByRole('list', { name: 'Import results' }).getByRole('link').first()).toBeVisible();
  await expect(page.getByTestId('problem-records').locator('tbody tr')).toHaveCount(10);
  await panel.getByText(/^Parts \(\d+\)$/).click();
  await axeInBothSchemes(page, 'import, results with report and downloads');
});

test('Export: fields by keyboard, a parse error, a sample, during and after an export; the update preview', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await pasteToken(page, tenant);
  await page.goto('./#/export');
  await expect(page.getByRole('heading', { level: 1, name: 'Export users' })).toBeVisible();
  const rows = page.getByTestId('field-row');
  const defaults = await rows.count();
  expect(defaults).toBeGreaterThan(3);
  const source = (n: number) => page.getByLabel(`Field ${n} attribute or expression`, { exact: true });

  // Delete with the keyboard: focus stays in the list, on the row that took the deleted one's place.
  const third = await source(3).inputValue();
  const fourth = await source(4).inputValue();
  await tabTo(page, page.getByRole('button', { name: 'Delete field 3', exact: true }));
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(defaults - 1);
  await expect(source(3)).toHaveValue(fourth);
  await expect(page.getByRole('button', { name: 'Delete field 3', exact: true })).toBeFocused();

  // Add the default fields back: the deleted one returns at the end.
  await tabTo(page, page.getByRole('button', { name: 'Add default fields' }));
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(defaults);
  await expect(source(defaults)).toHaveValue(third);

  // Reorder: the moved field keeps focus, up to the top where its Up button no longer applies.
  await tabTo(page, page.getByRole('button', { name: `Move field ${defaults} up` }), 'Shift+Tab');
  for (let n = defaults; n > 1; n--) {
    await page.keyboard.press('Enter');
    await expect(source(n - 1)).toHaveValue(third);
    if (n - 1 > 1) await expect(page.getByRole('button', { name: `Move field ${n - 1} up` })).toBeFocused();
  }
  await expect(page.getByRole('button', { name: 'Move field 1 down' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(source(2)).toHaveValue(third);
  await expect(page.getByRole('button', { name: 'Move field 2 down' })).toBeFocused();
  await axeInBothSchemes(page, 'export, fields listed');

  // A parse error, shown as the admin types and tied to its field.
  await source(2).fill('user.user_metadata +');
  const problem = page.getByTestId('field-problem');
  await expect(problem).toContainText('Field 2');
  await expect(source(2)).toHaveAttribute('aria-invalid', 'true');
  await axeInBothSchemes(page, 'export, an expression parse error');
  // Valid, but failing for every user: the sample and the finished export list problems.
  await source(2).fill('user.user_metadata + 1');
  await expect(problem).toHaveCount(0);

  await page.getByRole('button', { name: /Export a sample/ }).click();
  await expect(page.getByTestId('sample-preview').getByRole('row')).toHaveCount(11);
  await axeInBothSchemes(page, 'export, a sample preview table');

  // During the export: a slow Auth0 job; the run region is live and its text changes as the export goes.
  await tenant.admin('timing', { pendingMs: 1_000, processingMs: 4_000 });
  const run = page.locator('section.run');
  await expect(run).toHaveAttribute('aria-live', 'polite');
  const said = await recordLiveRegion(run);
  await page.getByRole('button', { name: /^Export users$/ }).click();
  await expect(page.getByTestId('export-step')).toBeVisible();
  await axeInBothSchemes(page, 'export, running');
  await expect(page.getByTestId('export-step')).toBeVisible();
  await expect(page.getByTestId('export-done')).toBeVisible({ timeout: 45_000 });
  expect(new Set(await said()).size).toBeGreaterThanOrEqual(3);
  await expect(page.getByRole('list', { name: 'Exported file' }).getByRole('link')).toBeVisible();
  await expect(page.getByTestId('export-problems').getByRole('listitem')).toHaveCount(100);
  await axeInBothSchemes(page, 'export, done');

  // The update section with a change preview.
  // Enough edits that upsert ignores for the findings list to scroll.
  const original = Array.from({ length: 30 }, (_, i) => ({
    ...testUser(i, 'update.example'),
    user_metadata: { plan: 'a' },
  }));
  const edited = structuredClone(original) as Array<Record<string, unknown>>;
  edited[0].given_name = 'Renamed';
  edited[1].user_metadata = { plan: 'b' };
  for (const user of edited.slice(2)) user.blocked = true;
  edited.push({ email: 'new@update.example', given_name: 'New' });
  await page.getByTestId('update-original-input').setInputFiles(jsonFile('original.json', original));
  await page.getByTestId('update-edited-input').setInputFiles(jsonFile('edited.json', edited));
  await expect(page.getByTestId('update-summary')).toContainText('2 users will change');
  await expect(page.getByTestId('update-changes').locator('tbody tr')).not.toHaveCount(0);
  await expect(page.getByTestId('update-findings')).toContainText('blocked');
  await axeInBothSchemes(page, 'update, change preview');
});

test('Connection signed in, and History with several entries and one opened', async ({ page }) => {
  await pasteToken(page, tenant);
  await expect(page.getByTestId('connections-table')).toBeVisible();
  await expect(page.getByTestId('connections-table').locator('tbody tr').first()).toBeVisible();
  await axeInBothSchemes(page, 'connection, session panel and connections table');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
  await page.getByLabel('History file to import').setInputFiles(fixturePath('ferry-history.json'));
  await expect(page.getByTestId('history-entry')).toHaveCount(5);
  const entry = page.locator('[data-entry-id="run-a"]');
  await entry.getByRole('button', { name: 'Details' }).click();
  await expect(entry.getByTestId('run-parts').getByRole('row')).toHaveCount(3);
  await axeInBothSchemes(page, 'history, several entries with details open');
});
