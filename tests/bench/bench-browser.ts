/**
 * Headless Debian Chromium for the bench, launched as playwright.config.ts launches it, and a typed handle on the
 * bench page's `window.ferryBench` functions with a time limit on each call.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import type { BenchPage } from './bench-types';

export const chromiumPath = process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // gc() in the page, so every run starts from a collected heap; FERRY_BENCH_JS_FLAGS adds V8 flags for a diagnosis
  // (e.g. '--trace-gc', whose lines show with DEBUG=pw:browser).
  `--js-flags=--expose-gc ${process.env.FERRY_BENCH_JS_FLAGS ?? ''}`.trim(),
];

export async function launchBenchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `bench: no Chromium at ${chromiumPath}. Install Debian's package (apt-get install -y chromium) or set ` +
        'FERRY_CHROMIUM to a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 });
}

type Method = keyof BenchPage;

/** Rejects after `ms` milliseconds with a message that says what took too long. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`bench: ${what} took longer than ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class BenchPageHandle {
  readonly #context: BrowserContext;
  readonly #page: Page;

  private constructor(context: BrowserContext, page: Page) {
    this.#context = context;
    this.#page = page;
  }

  /** A fresh context and page (a fresh renderer), with console errors passed on to `log`. */
  static async open(browser: Browser, url: string, log: (line: string) => void): Promise<BenchPageHandle> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') log(`bench: page console: ${message.text()}`);
    });
    page.on('pageerror', (error) => log(`bench: page error: ${error.message}`));
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    return new BenchPageHandle(context, page);
  }

  /** Calls `window.ferryBench[method](...args)` in the page, failing after `timeoutMs`. */
  call<M extends Method>(
    method: M,
    args: Parameters<BenchPage[M]>,
    timeoutMs: number,
  ): Promise<Awaited<ReturnType<BenchPage[M]>>> {
    const evaluation = this.#page.evaluate(
      ([name, values]) => {
        const bench = (globalThis as unknown as { ferryBench: Record<string, (...a: unknown[]) => unknown> })
          .ferryBench;
        return bench[name](...values);
      },
      [method, args] as [string, unknown[]],
    );
    return withTimeout(evaluation as Promise<Awaited<ReturnType<BenchPage[M]>>>, timeoutMs, `${method}()`);
  }

  /** A Chrome DevTools Protocol session on the page (its main thread), e.g. for the profiler. */
  cdp(): Promise<CDPSession> {
    return this.#context.newCDPSession(this.#page);
  }

  async close(): Promise<void> {
    await this.#context.close().catch(() => undefined);
  }
}
