import type { EntryType } from 'node:perf_hooks';
import { readFile } from 'node:fs/promises';
import { unzipSync, strFromU8 } from 'fflate';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Request, type Worker } from '@playwright/test';
import { ConvertPage, fixturePath, type BrowserGlobals } from './fixtures/convert-page';

type User = Record<string, unknown> & { email: string };

/** `count` users; every `badEvery`-th has an address Auth0 rejects. Returns the file and the emails that are valid. */
/** In a worker: from now on, `new Worker` throws. */
function refuseWorkers(): void {
  (globalThis as unknown as { Worker: unknown }).Worker = function refused() {
    throw new Error('Workers cannot start here.');
  };
}

/** In a helper worker: counts the batches it is sent from now on (`batchesCounted`). */
function countBatches(): void {
  const scope = globalThis as unknown as { onmessage: (event: unknown) => void; batches: number };
  const check = scope.onmessage;
  scope.batches = 0;
  scope.onmessage = (event) => {
    scope.batches++;
    check(event);
  };
}

function batchesCounted(): number {
  return (globalThis as unknown as { batches: number }).batches;
}

/** One NDJSON line's object as JSON.stringify pretty-prints it (over several lines). */
function prettyPrinted(line: string): string {
  return JSON.stringify(JSON.parse(line), null, 2);
}

function generatedUsers(count: number, badEvery: number): { text: string; validEmails: string[] } {
  const users = Array.from({ length: count }, (_, index) => ({
    email: index % badEvery === badEvery - 1 ? `user${index}.example.com` : `user${index}@example.com`,
    given_name: `Given${index}`,
    family_name: `Family${index}`,
    user_metadata: { index, note: 'x'.repeat(40) },
  }));
  const validEmails = users.map((user) => user.email).filter((email) => email.includes('@'));
  return { text: JSON.stringify(users, null, 2), validEmails };
}

test.describe('Convert & check', () => {
  test('names each problem of a mixed-quality file by record, line and field, and downloads a clean import file', async ({
    page,
  }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const convert = new ConvertPage(page);
    await convert.open();
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await convert.fileInput.setInputFiles(fixturePath('mixed-users.json'));
    await convert.waitForSummary();

    const [total, valid, fixed, invalid, skipped] = await convert.countsOf('mixed-users.json');
    expect(total).toBe(11);
    expect(valid + fixed + invalid + skipped).toBe(total);
    expect(valid + fixed).toBe(5);
    await expect(page.getByText('Removed the "auth0|" prefix from user_id')).toBeVisible();

    // Cells: file, record (1 = first), line, field, severity, problem and fix.
    const [badEmail] = await convert.findingRows('carol.example.com');
    expect(badEmail.slice(0, 5)).toEqual(['mixed-users.json', '3', '4', '/email', 'Error']);
    expect(badEmail[5]).toContain('not a valid email address');
    const [duplicate] = await convert.findingRows('already used by record 1');
    expect(duplicate.slice(1, 5)).toEqual(['5', '6', '/email', 'Error']);
    const [hash] = await convert.findingRows('base32');
    expect(hash.slice(1, 4)).toEqual(['6', '7', '/custom_password_hash/hash/encoding']);
    const [reserved] = await convert.findingRows('reserves that key');
    expect(reserved.slice(1, 4)).toEqual(['7', '8', '/app_metadata/email']);
    const [dotted] = await convert.findingRows('ui.theme');
    expect(dotted.slice(1, 3)).toEqual(['8', '9']);

    // Filters narrow the list in the worker.
    await page.getByLabel('Code').selectOption('email.format');
    await expect(page.getByTestId('finding-row')).toHaveCount(1);
    await expect(page.getByTestId('findings-count')).toHaveText(/Showing 1 of 7/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Contains').fill('alice.wong');
    await expect(page.getByTestId('finding-row')).toHaveCount(2);

    const imported = JSON.parse(
      (await convert.download('mixed-users.import.json')).toString('utf8'),
    ) as User[];
    expect(imported.map((user) => user.email)).toEqual([
      'alice.wong@example.com',
      'bob.stone@example.com',
      'dan.ivers@example.com',
      'dave.king@example.com',
      'erin.fox@example.com',
    ]);
    const dan = imported[2];
    expect(dan.user_id).toBe('5f7c8ec7c33c6c004bbafe82');
    expect(dan).not.toHaveProperty('created_at');
    expect(dan).not.toHaveProperty('identities');

    const report = (await convert.download('mixed-users.errors.csv')).toString('utf8');
    expect(report).toContain('carol.example.com');
    // Includes Content-Security-Policy violations (inline styles, eval), which Chromium logs as errors.
    expect(problems).toEqual([]);
  });

  test('checks files dropped on the drop zone, each and together', async ({ page }) => {
    const convert = new ConvertPage(page);
    await convert.open();
    await convert.dropFiles([
      {
        name: 'dropped.json',
        text: await readFile(fixturePath('mixed-users.json'), 'utf8'),
        type: 'application/json',
      },
      { name: 'people.csv', text: await readFile(fixturePath('users.csv'), 'utf8'), type: 'text/csv' },
    ]);
    await convert.waitForSummary();
    expect(await convert.countsOf('dropped.json')).toHaveLength(5);
    const csv = await convert.countsOf('people.csv');
    expect(csv[0]).toBe(4);
    const all = await convert.countsOf('All files');
    expect(all[0]).toBe(15);
    const [badCsvEmail] = await convert.findingRows('not-an-email');
    expect(badCsvEmail.slice(0, 5)).toEqual(['people.csv', '3', '4', '/email', 'Error']);

    // A drop that misses the zone is taken too, rather than the browser leaving the page to open the file.
    await convert.dropFiles(
      [{ name: 'again.csv', text: await readFile(fixturePath('users.csv'), 'utf8') }],
      page.getByRole('heading', { level: 1 }),
    );
    await expect(convert.summary.getByRole('rowheader', { name: /again\.csv/ })).toBeVisible();
    await expect(page).toHaveURL(/#\/convert$/);
  });

  test('splits the import file into parts under the chosen size that together hold exactly the valid records', async ({
    page,
  }) => {
    const convert = new ConvertPage(page);
    const { text, validEmails } = generatedUsers(60, 10);
    await convert.open();
    await convert.checkSplit('users.json', text, '2,000');

    const partLinks = page.getByRole('list', { name: 'Parts of the import file' }).getByRole('link');
    const names = await partLinks.allInnerTexts();
    expect(names.length).toBeGreaterThan(3);
    expect(names[0]).toBe('users.part-001.json');

    const emails: string[] = [];
    const parts = new Map<string, Buffer>();
    for (const name of names) {
      const bytes = await convert.download(name);
      expect(bytes.byteLength).toBeLessThanOrEqual(2000);
      const users = JSON.parse(bytes.toString('utf8')) as User[];
      expect(Array.isArray(users)).toBe(true);
      emails.push(...users.map((user) => user.email));
      parts.set(name, bytes);
    }
    expect(emails).toEqual(validEmails);

    const zip = unzipSync(new Uint8Array(await convert.download('users.parts.zip')));
    expect(Object.keys(zip).sort()).toEqual([...names].sort());
    for (const [name, bytes] of parts) expect(strFromU8(zip[name])).toBe(bytes.toString('utf8'));
  });

  test('lists many parts only when asked, and adds the zip of all parts once it is ready', async ({
    page,
  }) => {
    const convert = new ConvertPage(page);
    // The zip is packed in a worker started for it, which ends once the zip is made.
    const zipWorkers: Worker[] = [];
    page.on('worker', (worker) => {
      if (worker.url().includes('zip.worker')) zipWorkers.push(worker);
    });
    const { text } = generatedUsers(200, 10);
    await convert.open();
    await convert.checkSplit('users.json', text, '1,000');
    const summary = page.getByText(/^\d+ parts, the largest/);
    const count = Number((await summary.innerText()).split(' ')[0]);
    expect(count).toBeGreaterThan(12);
    const partList = page.getByRole('list', { name: 'Parts of the import file' });
    await expect(partList).toHaveCount(0);
    await summary.click();
    await expect(partList.getByRole('link')).toHaveCount(count);
    const last = `users.part-${String(count).padStart(3, '0')}.json`;
    const lastPart = (await convert.download(last)).toString('utf8');
    expect((JSON.parse(lastPart) as User[]).length).toBeGreaterThan(0);
    const zip = unzipSync(new Uint8Array(await convert.download('users.parts.zip')));
    expect(Object.keys(zip)).toHaveLength(count);
    expect(strFromU8(zip[last])).toBe(lastPart);
    expect(zipWorkers).toHaveLength(1);
    await expect.poll(() => zipWorkers[0].evaluate(() => 1).catch(() => 'ended')).toBe('ended');
  });

  test('still makes the zip when its worker cannot start (packed in the workbench worker)', async ({
    page,
  }) => {
    // In the workbench worker, starting a worker fails (as in a browser without workers in workers).
    const workers: Worker[] = [];
    const refused: Promise<void>[] = [];
    page.on('worker', (worker) => {
      workers.push(worker);
      if (worker.url().includes('workbench.worker')) refused.push(worker.evaluate(refuseWorkers));
    });
    const convert = new ConvertPage(page);
    const { text } = generatedUsers(200, 10);
    await convert.open();
    await expect.poll(() => refused.length).toBe(1);
    await Promise.all(refused);
    await convert.checkSplit('users.json', text, '1,000');
    const count = Number((await page.getByText(/^\d+ parts, the largest/).innerText()).split(' ')[0]);
    const zip = unzipSync(new Uint8Array(await convert.download('users.parts.zip')));
    expect(Object.keys(zip)).toHaveLength(count);
    expect(workers.filter((worker) => worker.url().includes('zip.worker'))).toEqual([]);
  });

  test('checks NDJSON and a JSON array on helper threads with exactly the results of one thread', async ({
    page,
  }) => {
    // 30,000 users with what real files hold: duplicates (one differing in case), fixable ids, bad addresses,
    // lines that are not JSON, blank lines. About 3 MB: several batches, seven import parts.
    const lines = Array.from({ length: 30_000 }, (_, n) => {
      if (n % 997 === 5) return `{"email":"User${n - 1}@Example.com","user_id":"d${n}"}`;
      if (n % 1009 === 7) return `{"email":"user${n}@example.com", broken`;
      if (n % 1013 === 9) return '';
      const id = n % 101 === 0 ? `auth0|id${n}` : `id${n}`;
      const email = n % 211 === 3 ? `user${n}.example.com` : `user${n}@example.com`;
      return JSON.stringify({ email, user_id: id, name: `User ${n}`, user_metadata: { plan: `p${n % 7}` } });
    });
    const file = {
      name: 'users.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(lines.join('\n')),
    };
    // The same users as a JSON array, every 50th pretty-printed over several lines (a broken line stays broken
    // inside its braces; blank lines are no records in either).
    const elements = lines
      .filter((line) => line !== '')
      .map((line, n) => (line.endsWith('broken') ? `${line}}` : n % 50 === 0 ? prettyPrinted(line) : line));
    const array = {
      name: 'users.json',
      mimeType: 'application/json',
      buffer: Buffer.from(`[\n${elements.join(',\n')}\n]\n`),
    };
    const helperWorkers: Worker[] = [];
    page.on('worker', (worker) => {
      if (worker.url().includes('workbench-batch')) helperWorkers.push(worker);
    });

    const runWith = async (
      threads: string,
      input: typeof file,
    ): Promise<{ counts: number[]; parts: Record<string, string> }> => {
      const convert = new ConvertPage(page);
      await convert.open();
      await page.getByLabel('Helper threads for JSON and NDJSON files').selectOption({ label: threads });
      await convert.fileInput.setInputFiles(input);
      await convert.waitForSummary(60_000);
      const zip = unzipSync(new Uint8Array(await convert.download('users.parts.zip')));
      const parts = Object.fromEntries(Object.entries(zip).map(([name, bytes]) => [name, strFromU8(bytes)]));
      return { counts: await convert.countsOf(input.name), parts };
    };

    const one = await runWith('None: this thread only', file);
    expect(helperWorkers).toEqual([]);
    const two = await runWith('2 helper threads', file);
    expect(helperWorkers.length).toBe(2);
    expect(two.counts).toEqual(one.counts);
    expect(two.parts).toEqual(one.parts);
    // The JSON array: the same on one thread and on the two helpers (kept from the last run; counting the batches
    // they are sent), and the same records as the NDJSON file.
    const arrayOne = await runWith('None: this thread only', array);
    for (const helper of helperWorkers) await helper.evaluate(countBatches);
    const arrayTwo = await runWith('2 helper threads', array);
    // About 3.2 MB in 1 MB batches: the helpers were sent all of them (which helper gets each depends on timing).
    const batches = await Promise.all(helperWorkers.map((helper) => helper.evaluate(batchesCounted)));
    expect(batches.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(3);
    expect(arrayTwo.counts).toEqual(arrayOne.counts);
    expect(arrayTwo.parts).toEqual(arrayOne.parts);
    expect(arrayOne.counts).toEqual(one.counts);
    expect(arrayOne.parts).toEqual(one.parts);
    const [total, valid, fixed, invalid, skipped] = one.counts;
    expect(total).toBe(30_000 - lines.filter((line) => line === '').length);
    expect([valid + fixed + invalid, skipped]).toEqual([total, 0]);
    expect(fixed).toBeGreaterThan(250);
    expect(invalid).toBeGreaterThan(200);
    const imported = Object.values(one.parts).flatMap((part) => JSON.parse(part) as User[]);
    expect(imported).toHaveLength(valid + fixed);
    expect(Object.keys(one.parts).length).toBeGreaterThan(4);
  });

  test('converts a CSV file to JSON with typed values', async ({ page }) => {
    const convert = new ConvertPage(page);
    await convert.open();
    await page.getByRole('radio', { name: /^JSON\b/ }).check();
    await convert.fileInput.setInputFiles(fixturePath('users.csv'));
    await convert.waitForSummary();
    await expect(convert.summary.getByText('CSV, 186 bytes')).toBeVisible();
    const converted = JSON.parse((await convert.download('users.converted.json')).toString('utf8')) as User[];
    expect(converted.map((user) => [user.email, user.email_verified])).toEqual([
      ['ruth.adams@example.com', true],
      ['sam.cole@example.com', false],
      ['not-an-email', true],
      ['uma.patel@example.com', true],
    ]);
  });

  test('says where a truncated file stops and what was expected there', async ({ page }) => {
    const convert = new ConvertPage(page);
    await convert.open();
    await convert.fileInput.setInputFiles(fixturePath('truncated.json'));
    const problem = page.getByTestId('file-problem');
    await expect(problem).toBeVisible();
    await expect(problem).toContainText('truncated.json could not be read past line 3, column 44');
    await expect(problem).toContainText('ends inside a string');
    await expect(problem).toContainText('1 record before that point');
    expect((await convert.countsOf('truncated.json'))[0]).toBe(1);
  });

  test('makes no network request once files are chosen, and never one to another origin', async ({
    page,
    baseURL,
  }) => {
    const origin = new URL(baseURL ?? '').origin;
    const all: Request[] = [];
    const afterChoosing: string[] = [];
    let chosen = false;
    page.on('request', (request) => {
      all.push(request);
      if (chosen) afterChoosing.push(request.url());
    });
    const convert = new ConvertPage(page);
    await convert.open();
    await page.waitForLoadState('networkidle');
    expect(all.some((request) => request.url().includes('workbench.worker'))).toBe(true);

    chosen = true;
    await convert.fileInput.setInputFiles([fixturePath('mixed-users.json'), fixturePath('users.csv')]);
    await convert.waitForSummary();
    await page.getByLabel('Severity').selectOption('warning');
    await expect(page.getByTestId('finding-row').first()).toBeVisible();
    await page.getByRole('radio', { name: 'NDJSON' }).check();
    await page.getByRole('button', { name: 'Run again with the new options' }).click();
    await expect(convert.downloadLink('users.converted.ndjson')).toBeVisible();

    expect(afterChoosing).toEqual([]);
    expect(all.map((request) => new URL(request.url()).origin).filter((other) => other !== origin)).toEqual(
      [],
    );
  });

  test('the sample file button checks the bundled sample', async ({ page }) => {
    const convert = new ConvertPage(page);
    await convert.open();
    await page.getByRole('button', { name: 'Try the sample file' }).click();
    await convert.waitForSummary();
    const [total, valid, fixed, invalid, skipped] = await convert.countsOf('sample-users.json');
    expect(total).toBe(30);
    expect(valid).toBeGreaterThan(15);
    expect(fixed).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(4);
    expect(valid + fixed + invalid + skipped).toBe(total);
    const codes = await page.getByLabel('Code').locator('option').allInnerTexts();
    for (const code of ['email.format', 'duplicate.email', 'app_metadata.reserved-key']) {
      expect(codes.some((text) => text.startsWith(code))).toBe(true);
    }
    await expect(convert.downloadLink('sample-users.import.json')).toBeVisible();
  });

  test('works from the keyboard and passes an accessibility check in light and dark', async ({ page }) => {
    const convert = new ConvertPage(page);
    await convert.open();
    await convert.dropZone.focus();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
    await chooser.setFiles(fixturePath('mixed-users.json'));
    await convert.waitForSummary();
    await expect(page.getByRole('heading', { level: 2, name: 'Summary' })).toBeFocused();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page }).include('main').analyze();
      expect(results.violations.map((violation) => `${colorScheme}: ${violation.id}`)).toEqual([]);
    }
  });

  test('checks pasted text as pasted.json', async ({ page }) => {
    const convert = new ConvertPage(page);
    await convert.open();
    await page.getByText('Paste text instead').click();
    await page
      .getByLabel('Users as JSON, NDJSON or CSV')
      .fill('{"email":"pat.lee@example.com"}\n{"email":"pat.lee.example.com"}\n');
    await page.getByRole('button', { name: 'Check pasted text' }).click();
    await convert.waitForSummary();
    expect(await convert.countsOf('pasted.json')).toEqual([2, 1, 0, 1, 0]);
    await expect(convert.downloadLink('pasted.import.json')).toBeVisible();
  });

  test('cancel stops a long run and keeps what was read', async ({ page }) => {
    const convert = new ConvertPage(page);
    await convert.open();
    const dataTransfer = await page.evaluateHandle(() => {
      const lines = Array.from({ length: 400_000 }, (_, index) => `{"email":"user${index}@example.com"}`);
      const transfer = new (globalThis as BrowserGlobals).DataTransfer();
      transfer.items.add(new File([lines.join('\n')], 'long.ndjson'));
      return transfer;
    });
    await convert.dropZone.dispatchEvent('drop', { dataTransfer });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await convert.waitForSummary(30_000);
    await expect(page.getByText('Cancelled: the counts, findings and downloads cover only')).toBeVisible();
    const [total, valid] = await convert.countsOf('long.ndjson');
    expect(total).toBeLessThan(400_000);
    expect(valid).toBe(total);
  });

  test('runs no main-thread task of 50 ms or more while 200,000 findings are checked, shown, scrolled and zipped', async ({
    page,
  }) => {
    const convert = new ConvertPage(page);
    await convert.open();
    // 400,000 records, every other one with a bad email; the file is built before anything is observed.
    const dataTransfer = await page.evaluateHandle(() => {
      const lines = Array.from({ length: 400_000 }, (_, i) =>
        i % 2 === 0
          ? `{"email":"bad${i}.example.com","name":"Zoë ${i}"}`
          : `{"email":"user${i}@example.com","user_id":"id${i}","name":"User ${i}"}`,
      );
      const transfer = new (globalThis as BrowserGlobals).DataTransfer();
      transfer.items.add(new File([lines.join('\n')], 'big.ndjson'));
      return transfer;
    });
    await page.evaluate(() => {
      const observed = globalThis as typeof globalThis & { longTasks: number[] };
      observed.longTasks = [];
      // The browser reports every task of 50 ms or more on the page's main thread.
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) observed.longTasks.push(Math.round(entry.duration));
        // (Typed with Node's entry types, as these specs are checked without the DOM library: no 'longtask' there.)
      }).observe({ type: 'longtask' as EntryType });
    });
    await convert.dropZone.dispatchEvent('drop', { dataTransfer });
    // CSS selectors, not role queries: those would run long tasks of the test's own over the page.
    await page.waitForSelector('[data-testid="finding-row"]', { timeout: 30_000 });
    await page.waitForSelector('a[download="big.parts.zip"]', { timeout: 30_000 });
    const scroller = page.getByTestId('findings-table').locator('[tabindex="0"]');
    await scroller.hover();
    for (let i = 0; i < 15; i++) await page.mouse.wheel(0, 400);
    await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
    for (let i = 0; i < 15; i++) await page.mouse.wheel(0, -400);
    await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await page.waitForSelector('[data-testid="finding-row"]:has-text("bad399998.example.com")', {
      timeout: 10_000,
    });
    const longTasks = await page.evaluate(
      () => (globalThis as typeof globalThis & { longTasks: number[] }).longTasks,
    );
    expect(longTasks).toEqual([]);
  });

  test('keeps the rows in view still while rows above them are laid out at their real height', async ({
    page,
  }) => {
    // Narrow: each finding is a card several lines tall, far taller than the list's estimate for a row.
    await page.setViewportSize({ width: 420, height: 800 });
    const convert = new ConvertPage(page);
    await convert.open();
    const dataTransfer = await page.evaluateHandle(() => {
      const lines = Array.from(
        { length: 3_000 },
        (_, index) => `{"email":"user${index}.at-a-rather-long-domain-name-that-wraps.example.com"}`,
      );
      const transfer = new (globalThis as BrowserGlobals).DataTransfer();
      transfer.items.add(new File([lines.join('\n')], 'tall-rows.ndjson'));
      return transfer;
    });
    await convert.dropZone.dispatchEvent('drop', { dataTransfer });
    await convert.waitForSummary(30_000);
    const scroller = page.getByTestId('findings-table').locator('[tabindex="0"]');
    // Far down the list, where no row has been laid out yet.
    await scroller.evaluate((element) => {
      element.scrollTop = element.scrollHeight * 0.8;
    });
    await expect(
      page
        .getByTestId('finding-row')
        .filter({ hasText: /user2\d{3}\./ })
        .first(),
    ).toBeVisible();

    // Scrolling up lays out rows above the view for the first time. Each step of 250 px must move the row that was
    // at the top of the view down by 250 px, not by that plus what the newly measured rows above it grew by.
    for (let step = 0; step < 8; step++) {
      const moved = await scroller.evaluate(async (element) => {
        // (Typed by hand: these specs are checked without the DOM library.)
        const view = globalThis as typeof globalThis & {
          requestAnimationFrame(callback: () => void): number;
        };
        const frames = (count: number) =>
          new Promise<void>((resolve) => {
            const next = (left: number): void => {
              if (left === 0) resolve();
              else view.requestAnimationFrame(() => next(left - 1));
            };
            next(count);
          });
        const viewTop = element.getBoundingClientRect().top;
        const rows = [...element.querySelectorAll('[data-testid="finding-row"]')];
        const anchor = rows.find((row) => row.getBoundingClientRect().top >= viewTop);
        if (!anchor) throw new Error('No row in view.');
        const index = anchor.getAttribute('data-index');
        const before = anchor.getBoundingClientRect().top;
        element.scrollBy(0, -250);
        await frames(6);
        const again = element.querySelector(`[data-index="${index}"]`);
        if (!again) throw new Error(`Row ${index} left the page.`);
        return again.getBoundingClientRect().top - before;
      });
      expect(Math.abs(moved - 250)).toBeLessThanOrEqual(2);
    }
  });

  test('stays responsive with 100,000 findings: only the rows in view are in the page', async ({ page }) => {
    const convert = new ConvertPage(page);
    await convert.open();
    // Built in the page: 100,000 records, each with a bad email (one finding each).
    const dataTransfer = await page.evaluateHandle(() => {
      const lines = Array.from({ length: 100_000 }, (_, index) => `{"email":"user${index}.example.com"}`);
      const transfer = new (globalThis as BrowserGlobals).DataTransfer();
      transfer.items.add(new File([lines.join('\n')], 'many.ndjson'));
      return transfer;
    });
    const started = Date.now();
    await convert.dropZone.dispatchEvent('drop', { dataTransfer });
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    // While the worker runs, the main thread stays free: timers scheduled every 25 ms for half a second are never
    // held up long (parsing on the main thread would stall them for seconds).
    const longestStall = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let last = performance.now();
          let worst = 0;
          let ticks = 0;
          const tick = (): void => {
            const now = performance.now();
            worst = Math.max(worst, now - last);
            last = now;
            if (++ticks < 20) setTimeout(tick, 25);
            else resolve(worst);
          };
          setTimeout(tick, 25);
        }),
    );
    expect(longestStall).toBeLessThan(250);
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await convert.waitForSummary(30_000);
    const elapsed = Date.now() - started;
    await expect(page.getByTestId('findings-count')).toHaveText(/Showing all 100,000/);
    const rows = page.getByTestId('finding-row');
    expect(await rows.count()).toBeLessThan(60);

    // Jump to the end: the last rows are fetched from the worker and shown.
    await page
      .getByTestId('findings-table')
      .locator('[tabindex="0"]')
      .evaluate((scroller) => {
        scroller.scrollTop = scroller.scrollHeight;
      });
    await expect(rows.filter({ hasText: 'user99999.example.com' })).toBeVisible();
    expect(await rows.count()).toBeLessThan(60);

    // A filter that matches just as many starts again from the top, with every row in view loaded.
    await page.getByLabel('Severity').selectOption('error');
    await expect(rows.filter({ hasText: '"user0.example.com"' })).toBeVisible();
    await expect(rows.filter({ hasText: 'Loading…' })).toHaveCount(0);
    test.info().annotations.push({ type: 'run time', description: `${elapsed} ms for 100,000 records` });
    console.log(`100,000 records checked and shown in ${elapsed} ms`);
  });
});
