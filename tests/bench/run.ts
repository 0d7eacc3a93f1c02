/**
 * `npm run bench`: Ferry's workbench (check + convert to import parts) in headless Chromium over generated Auth0
 * user files, against a plain-parse baseline run in the same page from the same Blob, and against jq when present.
 *
 *   tsx tests/bench/run.ts [--quick] [--sizes 100k,1m] [--formats json,ndjson,csv] [--runs N] [--port 4419]
 *                          [--paths workbench,export,import-plan,import-run] [--timeout-min 40] [--helpers 2]
 *
 * NDJSON files and JSON arrays are measured twice: with the default options, and with --helpers helper threads (0:
 * once only).
 * --quick is --sizes 100k. 100k files run 3 times (median), 1m files once, unless --runs says otherwise.
 * The export and import-planning paths run per size; the import run is always 100,000 users (the emulated tenant
 * listens on --port + 1). The last line printed is the summary for the largest NDJSON file measured.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Browser } from '@playwright/test';
import { launchBenchBrowser } from './bench-browser';
import { ensureUserFiles, userFileFormats, type UserFileFormat } from './data/user-files';
import { jqVersion } from './jq-baseline';
import { measureFile, type MeasureContext } from './measure-file';
import { benchPaths, measureOtherPaths, type BenchPath } from './other-paths';
import { RendererMemory } from './renderer-memory';
import { fileTable, summaryLine, targetsLine, type FileMeasurement } from './report';
import { startBenchServer, type BenchServer } from './static-server';
import { benchDist } from './vite.bench.config';

const sizeCounts: Record<string, number> = { '100k': 100_000, '1m': 1_000_000 };
const dataDir = fileURLToPath(new URL('./.data', import.meta.url));
const log = (line: string): void => console.log(line);

interface BenchOptions {
  sizes: string[];
  formats: UserFileFormat[];
  runs: number | null;
  port: number;
  paths: BenchPath[];
  timeoutMs: number;
  helpers: number;
}

function parseOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string', default: '100k,1m' },
      formats: { type: 'string', default: userFileFormats.join(',') },
      runs: { type: 'string' },
      port: { type: 'string', default: '4419' },
      paths: { type: 'string', default: benchPaths.join(',') },
      'timeout-min': { type: 'string', default: '40' },
      helpers: { type: 'string', default: '2' },
    },
  });
  const sizes = values.quick ? ['100k'] : values.sizes.split(',').map((s) => s.trim().toLowerCase());
  const unknownSize = sizes.find((size) => !(size in sizeCounts));
  if (unknownSize)
    throw new Error(`bench: unknown size "${unknownSize}"; use ${Object.keys(sizeCounts).join(', ')}`);
  const formats = values.formats.split(',').map((f) => f.trim()) as UserFileFormat[];
  const unknownFormat = formats.find((format) => !userFileFormats.includes(format));
  if (unknownFormat)
    throw new Error(`bench: unknown format "${unknownFormat}"; use ${userFileFormats.join(', ')}`);
  const paths = values.paths.split(',').map((p) => p.trim()) as BenchPath[];
  const unknownPath = paths.find((path) => !benchPaths.includes(path));
  if (unknownPath) throw new Error(`bench: unknown path "${unknownPath}"; use ${benchPaths.join(', ')}`);
  return {
    sizes,
    formats,
    runs: values.runs ? Math.max(1, Number(values.runs)) : null,
    port: Number(values.port),
    paths,
    timeoutMs: Number(values['timeout-min']) * 60_000,
    helpers: Math.max(0, Math.floor(Number(values.helpers)) || 0),
  };
}

async function buildBenchPage(): Promise<void> {
  log(`bench: building the bench page into ${benchDist}`);
  try {
    await build({ configFile: fileURLToPath(new URL('./vite.bench.config.ts', import.meta.url)) });
  } catch (error) {
    throw new Error(
      `bench: the bench page did not build (it imports src/features/convert/workbench-bridge.ts and ` +
        `workers/workbench.worker.ts): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

async function measureAll(
  options: BenchOptions,
  browser: Browser,
  server: BenchServer,
): Promise<FileMeasurement[]> {
  const memory = await RendererMemory.attach(browser);
  const jq = jqVersion();
  log(`bench: Chromium ${browser.version()}, ${jq ?? 'no jq'}, memory = renderer RSS (page + its workers)`);
  const context: MeasureContext = {
    browser,
    memory,
    pageUrl: server.url,
    dataDir,
    jq,
    log,
    helpers: options.helpers,
  };
  const measurements: FileMeasurement[] = [];
  if (options.paths.includes('workbench')) measurements.push(...(await measureWorkbench(options, context)));
  const other = options.paths.filter((path) => path !== 'workbench');
  await measureOtherPaths(context, { ...options, paths: other, sizeCounts, tenantPort: options.port + 1 });
  return measurements;
}

async function measureWorkbench(options: BenchOptions, context: MeasureContext): Promise<FileMeasurement[]> {
  const measurements: FileMeasurement[] = [];
  for (const size of options.sizes) {
    const set = await ensureUserFiles(dataDir, size, sizeCounts[size], log);
    const runs = options.runs ?? (set.count <= 100_000 ? 3 : 1);
    for (const format of options.formats) {
      const measurement = await measureFile(context, set, format, runs);
      measurements.push(measurement);
      for (const line of fileTable(measurement)) log(line);
    }
  }
  return measurements;
}

/** Prints the targets and, last, the summary line for the largest NDJSON file measured. */
function printSummary(measurements: FileMeasurement[]): void {
  const ndjson = measurements.filter((m) => m.format === 'ndjson').sort((a, b) => b.bytes - a.bytes)[0];
  log('');
  if (!ndjson) return log('bench: no NDJSON file measured, so no summary line');
  if (ndjson.set.count < 1_000_000)
    log(`(the targets apply to the 1M file; this summary is for ${ndjson.set.label})`);
  log(targetsLine(ndjson));
  log(summaryLine(ndjson));
}

async function main(): Promise<void> {
  const options = parseOptions();
  let browser: Browser | null = null;
  let server: BenchServer | null = null;
  const cleanUp = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    browser = null;
    server = null;
  };
  const deadline = setTimeout(() => {
    console.error(`bench: stopped after ${options.timeoutMs / 60_000} minutes (--timeout-min)`);
    process.exitCode = 1;
    void cleanUp().finally(() => process.exit(1));
  }, options.timeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  try {
    await buildBenchPage();
    server = await startBenchServer(benchDist, dataDir, options.port);
    browser = await launchBenchBrowser();
    printSummary(await measureAll(options, browser, server));
  } finally {
    clearTimeout(deadline);
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
