/**
 * What the bench's diagnostic tools (profile-browser.ts, memory-breakdown.ts, parallel-ceiling.ts) share: the bench page built, served
 * with the generated data files, and a Chromium to open it in, closed again however the tool ends.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Browser } from '@playwright/test';
import { launchBenchBrowser } from './bench-browser';
import { startBenchServer } from './static-server';
import { benchDist } from './vite.bench.config';

/** Where `npm run bench` writes its data files. */
export const benchDataDir = fileURLToPath(new URL('./.data', import.meta.url));

/**
 * Builds the bench page (`minify: false` keeps the source's function names, for a profile), serves it and the data
 * files on `port`, launches Chromium and runs `use`.
 */
export async function withBenchBrowser(
  port: number,
  options: { minify?: boolean },
  use: (browser: Browser, url: string) => Promise<void>,
): Promise<void> {
  await build({
    configFile: fileURLToPath(new URL('./vite.bench.config.ts', import.meta.url)),
    logLevel: 'warn',
    build: { minify: options.minify ?? true },
  });
  const server = await startBenchServer(benchDist, benchDataDir, port);
  const browser = await launchBenchBrowser();
  try {
    await use(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Runs a tool's `main`, printing what it throws and failing the process then. */
export function runTool(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
