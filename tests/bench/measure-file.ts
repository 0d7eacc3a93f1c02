/**
 * Measures one data file: workbench and baseline passes alternate, so drift (other load on the machine) hits both
 * alike; each pass gets a fresh page with the file already in a Blob. jq runs last, outside the browser.
 */
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { BenchPageHandle } from './bench-browser';
import type { BaselineKind } from './bench-types';
import type { UserFileFormat, UserFileSet } from './data/user-files';
import { runJqSlurp, type JqResult } from './jq-baseline';
import type { FileMeasurement, Measured } from './report';
import type { RendererMemory } from './renderer-memory';

export interface MeasureContext {
  browser: Browser;
  memory: RendererMemory;
  pageUrl: string;
  dataDir: string;
  /** jq's version, or null when it is not installed. */
  jq: string | null;
  /** NDJSON files are also measured with this many helper threads (0: not). */
  helpers: number;
  log: (line: string) => void;
}

const baselinesFor: Record<UserFileFormat, BaselineKind[]> = {
  json: ['json-parse'],
  ndjson: ['ndjson-stream', 'ndjson-text'],
  csv: ['papaparse'],
};

/** A time limit for one pass over `bytes`: a minute of slack plus 1 s per MB (far below any plausible speed). */
export const passTimeoutMs = (bytes: number): number => 60_000 + bytes / 1000;

/** What the page allocates to show which renderer process is its own. */
const calibrationMB = 100;

/** Pause after a GC so freed pages are returned before the idle figure is read. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 200));

async function runJq(
  context: MeasureContext,
  path: string,
  bytes: number,
  runs: number,
): Promise<JqResult[] | string> {
  if (!context.jq) return 'skipped: jq is not installed (apt-get install -y jq to compare)';
  const results: JqResult[] = [];
  for (let run = 0; run < runs; run++) results.push(await runJqSlurp(path, passTimeoutMs(bytes)));
  return results;
}

export type Measure = <T>(step: () => Promise<T>) => Promise<Measured<T>>;

/**
 * Runs one pass in a fresh page (so a fresh renderer whose memory no earlier pass has touched): find its renderer,
 * load the file into a Blob, then hand over a `measure` that times a step and tracks the renderer's peak memory.
 */
export async function inFreshPage<T>(
  context: MeasureContext,
  fileName: string,
  bytes: number,
  pass: (page: BenchPageHandle, measure: Measure) => Promise<T>,
): Promise<T> {
  const page = await BenchPageHandle.open(context.browser, context.pageUrl, context.log);
  try {
    const pid = await context.memory.identify(
      () => page.call('holdMemory', [calibrationMB], 30_000),
      calibrationMB,
    );
    await page.call('releaseMemory', [], 10_000);
    const loaded = await page.call('load', [`/data/${fileName}`], passTimeoutMs(bytes));
    if (loaded.bytes !== bytes)
      throw new Error(`bench: the page loaded ${loaded.bytes} bytes of ${fileName}, not ${bytes}`);
    const measure: Measure = async (step) => {
      await page.call('collectGarbage', [], 10_000);
      await settle();
      return context.memory.measure(pid, step);
    };
    return await pass(page, measure);
  } finally {
    await page.close();
  }
}

export async function measureFile(
  context: MeasureContext,
  set: UserFileSet,
  format: UserFileFormat,
  runs: number,
): Promise<FileMeasurement> {
  const { name, bytes } = set.files[format];
  const measurement: FileMeasurement = {
    set,
    format,
    bytes,
    workbench: [],
    helpers: format !== 'csv' && context.helpers > 0 ? { count: context.helpers, runs: [] } : null,
    downloads: [],
    baselines: {},
    jq: null,
  };
  const timeout = passTimeoutMs(bytes);
  for (let run = 1; run <= runs; run++) {
    context.log(`bench: ${name} run ${run}/${runs}: workbench…`);
    await inFreshPage(context, name, bytes, async (page, measure) => {
      measurement.workbench.push(await measure(() => page.call('runWorkbench', [name], timeout)));
      measurement.downloads.push(await measure(() => page.call('workbenchDownloads', [], timeout)));
    });
    const helpers = measurement.helpers;
    if (helpers) {
      context.log(`bench: ${name} run ${run}/${runs}: workbench with ${helpers.count} helpers…`);
      helpers.runs.push(
        await inFreshPage(context, name, bytes, (page, measure) =>
          measure(() => page.call('runWorkbench', [name, helpers.count], timeout)),
        ),
      );
    }
    for (const kind of baselinesFor[format]) {
      context.log(`bench: ${name} run ${run}/${runs}: baseline ${kind}…`);
      const measured = await inFreshPage(context, name, bytes, (page, measure) =>
        measure(() => page.call('runBaseline', [kind], timeout)),
      );
      (measurement.baselines[kind] ??= []).push(measured);
    }
  }
  if (format === 'ndjson') measurement.jq = await runJq(context, join(context.dataDir, name), bytes, runs);
  return measurement;
}
