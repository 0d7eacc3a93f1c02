import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { ConvertPage, fixturePath } from './fixtures/convert-page';

/**
 * After one visit the service worker has precached the app shell, every screen's chunk, the workers and the sample
 * file: with the network off, a reload still opens Ferry and Convert & check works end to end.
 */

test.use({ serviceWorkers: 'allow' });

/** Whether a service worker controls the page (the page's `navigator`, reached without the DOM types). */
function controlled(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const { serviceWorker } = (
      globalThis as unknown as {
        navigator: { serviceWorker: { ready: Promise<{ active: unknown }>; controller: unknown } };
      }
    ).navigator;
    const registration = await serviceWorker.ready;
    return registration.active !== null && serviceWorker.controller !== null;
  });
}

test('after one visit, Convert & check works with the network off', async ({ page, context }) => {
  const convert = new ConvertPage(page);
  await convert.open();
  // The first visit installs the worker; it controls pages from the next load on (autoUpdate claims clients).
  if (!(await controlled(page))) await page.reload();
  await expect.poll(() => controlled(page), { timeout: 15_000 }).toBe(true);

  await context.setOffline(true);
  const fromNetwork: string[] = [];
  page.on('response', (response) => {
    if (!response.fromServiceWorker()) fromNetwork.push(response.url());
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Convert & check' })).toBeVisible();

  await convert.dropFiles([
    { name: 'offline.csv', text: await readFile(fixturePath('users.csv'), 'utf8'), type: 'text/csv' },
  ]);
  await convert.waitForSummary();
  expect((await convert.countsOf('offline.csv'))[0]).toBe(4);
  const imported = JSON.parse((await convert.download('offline.import.json')).toString('utf8')) as unknown[];
  expect(imported.length).toBeGreaterThan(0);

  // The sample file is precached too.
  await page.getByRole('button', { name: 'Try the sample file' }).click();
  await convert.waitForSummary();
  await expect(convert.summary.getByRole('rowheader', { name: /sample/i }).first()).toBeVisible();

  // Other screens' chunks open offline as well.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();

  // Nothing was answered by the network: the page, its scripts and the worker all came from the cache.
  expect(fromNetwork.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
});
