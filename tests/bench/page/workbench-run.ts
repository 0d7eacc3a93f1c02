/** The real workbench over a Blob, through the app's own bridge and worker, reduced to figures. */
import { connectWorkbench, type WorkbenchBridge } from '../../../src/features/convert/workbench-bridge';
import { createWorkbench } from '../../../src/core/workbench/engine';
import { createRecordChecker } from '../../../src/core/rules/record-checker';
import { createWorkerPool } from '../../../workers/workbench-pool';
import { defaultWorkbenchOptions, type WorkbenchSummary } from '../../../src/core/workbench/contract';
import type { DownloadsResult, IndependentEnginesResult, WorkbenchResult } from '../bench-types';

let open: WorkbenchBridge | null = null;

function figures(summary: WorkbenchSummary): Omit<WorkbenchResult, 'ms' | 'progressEvents'> {
  const problem = summary.files[0]?.problem;
  return {
    counts: summary.counts,
    engineMs: summary.elapsedMs,
    errors: summary.findingCounts.errors,
    warnings: summary.findingCounts.warnings,
    byCode: summary.findingCounts.byCode,
    parts: summary.parts,
    problem: problem ? `${problem.code}: ${problem.message}` : null,
  };
}

/**
 * Checks and converts `blob` to Auth0 import parts with the default options, as a user pressing "Check & convert"
 * would, in a new worker (`checkOnly`: checks without building output). Only `run()` is timed (worker start-up
 * included).
 */
export async function runWorkbenchOnce(
  fileName: string,
  blob: Blob,
  workers?: number | 'auto',
  checkOnly = false,
): Promise<WorkbenchResult> {
  open?.close();
  const started = performance.now();
  open = connectWorkbench();
  let progressEvents = 0;
  const options = {
    ...defaultWorkbenchOptions,
    ...(workers === undefined ? {} : { workers }),
    ...(checkOnly ? { convert: false } : {}),
  };
  const summary = await open.api.run([{ name: fileName, blob }], options, () => {
    progressEvents += 1;
  });
  return { ms: performance.now() - started, progressEvents, ...figures(summary) };
}

/** Asks the open worker for every download (parts, zip, error reports), as the downloads panel does, then closes it. */
export async function buildDownloads(): Promise<DownloadsResult> {
  if (!open) throw new Error('No workbench run to take downloads from: call runWorkbench first.');
  try {
    const started = performance.now();
    const downloads = await open.api.downloads();
    const ms = performance.now() - started;
    const importJson = downloads.filter((d) => d.kind === 'part' || d.kind === 'converted');
    return {
      ms,
      files: downloads.length,
      importBytes: importJson.reduce((sum, d) => sum + d.blob.size, 0),
      outputBytes: downloads.reduce((sum, d) => sum + d.blob.size, 0),
    };
  } finally {
    open.close();
    open = null;
  }
}

const startHelper = (): Worker =>
  new Worker(new URL('../../../workers/workbench-batch.worker.ts', import.meta.url), { type: 'module' });

/**
 * The engine itself on this thread, for a profiler attached to the page (with `helpers`, the batches are checked
 * by that many helper workers, as the workbench worker has them checked); returns its time in milliseconds.
 */
export async function runEngineInPage(
  fileName: string,
  blob: Blob,
  convert: boolean,
  helpers: number,
): Promise<number> {
  const started = performance.now();
  const pool = helpers > 0 ? { pool: createWorkerPool(startHelper, helpers) } : undefined;
  await createWorkbench(createRecordChecker, pool).run(
    [{ name: fileName, blob }],
    { ...defaultWorkbenchOptions, convert, workers: helpers },
    () => undefined,
  );
  return performance.now() - started;
}

/** Where the loaded file can be cut into `slices` pieces of whole lines: the slice boundaries, from 0 to its size. */
async function lineCuts(blob: Blob, slices: number): Promise<number[]> {
  const cuts = [0];
  for (let s = 1; s < slices; s++) {
    const near = Math.floor((blob.size * s) / slices);
    // A megabyte holds many lines of any realistic NDJSON file; the test data's lines are ~340 bytes.
    const window = new Uint8Array(await blob.slice(near, near + 2 ** 20).arrayBuffer());
    const newline = window.indexOf(0x0a);
    if (newline === -1) throw new Error(`no line end within 1 MB of byte ${near}: cannot cut the file there`);
    cuts.push(near + newline + 1);
  }
  cuts.push(blob.size);
  return cuts;
}

/** See BenchPage.runIndependentEngines. */
export async function runIndependentEngines(
  fileName: string,
  blob: Blob,
  engines: number,
): Promise<IndependentEnginesResult> {
  if (!fileName.endsWith('.ndjson')) throw new Error('Only an NDJSON file can be cut at any line end.');
  const cuts = await lineCuts(blob, engines);
  const started = performance.now();
  const bridges = cuts.slice(1).map(() => connectWorkbench());
  try {
    const summaries = await Promise.all(
      bridges.map((bridge, s) =>
        bridge.api.run(
          [{ name: `${fileName} slice ${s + 1}`, blob: blob.slice(cuts[s], cuts[s + 1]) }],
          { ...defaultWorkbenchOptions, workers: 0 },
          () => undefined,
        ),
      ),
    );
    const ms = performance.now() - started;
    return { ms, records: summaries.reduce((sum, summary) => sum + summary.counts.total, 0) };
  } finally {
    for (const bridge of bridges) bridge.close();
  }
}
