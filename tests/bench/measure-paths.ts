/**
 * The export and import-planning paths, measured as measure-file.ts measures the workbench: each pass in a fresh page
 * with the file already in a Blob, the app's path and its plain-parse baseline alternating run by run.
 */
import type { BaselineKind, BaselineResult, ExportKind, ExportResult, ImportPlanResult } from './bench-types';
import type { ExportFile } from './data/export-files';
import type { UserFileSet } from './data/user-files';
import { inFreshPage, passTimeoutMs, type MeasureContext } from './measure-file';
import type { Measured } from './report';

export const exportKinds: readonly ExportKind[] = ['csv', 'import-ready'];

export interface ExportMeasurement {
  file: ExportFile;
  exports: Record<ExportKind, Measured<ExportResult>[]>;
  /** Inflate + JSON.parse of every line of the same gzip Blob. */
  baseline: Measured<BaselineResult>[];
}

export interface ImportPlanMeasurement {
  set: UserFileSet;
  bytes: number;
  chunkBytes: number;
  plans: Measured<ImportPlanResult>[];
  baselines: Partial<Record<BaselineKind, Measured<BaselineResult>[]>>;
}

const importPlanBaselines: readonly BaselineKind[] = ['ndjson-stream', 'ndjson-text'];

/** Times one baseline pass over `fileName` in a fresh page. */
function baselinePass(
  context: MeasureContext,
  fileName: string,
  bytes: number,
  kind: BaselineKind,
  timeoutMs: number,
): Promise<Measured<BaselineResult>> {
  return inFreshPage(context, fileName, bytes, (page, measure) =>
    measure(() => page.call('runBaseline', [kind], timeoutMs)),
  );
}

/** Exports the export file to CSV and to import-ready JSON `runs` times each, with the baseline in between. */
export async function measureExport(
  context: MeasureContext,
  file: ExportFile,
  runs: number,
): Promise<ExportMeasurement> {
  const { name, gzipBytes, ndjsonBytes } = file;
  const measurement: ExportMeasurement = { file, exports: { csv: [], 'import-ready': [] }, baseline: [] };
  // The gzip file is small; the time limit follows the text inside it.
  const timeout = passTimeoutMs(ndjsonBytes);
  for (let run = 1; run <= runs; run++) {
    for (const kind of exportKinds) {
      context.log(`bench: ${name} run ${run}/${runs}: export to ${kind}…`);
      measurement.exports[kind].push(
        await inFreshPage(context, name, gzipBytes, (page, measure) =>
          measure(() => page.call('runExport', [kind], timeout)),
        ),
      );
    }
    context.log(`bench: ${name} run ${run}/${runs}: baseline gzip-ndjson…`);
    measurement.baseline.push(await baselinePass(context, name, gzipBytes, 'gzip-ndjson', timeout));
  }
  return measurement;
}

/** Checks and plans the import of the NDJSON user file `runs` times, with both NDJSON baselines in between. */
export async function measureImportPlan(
  context: MeasureContext,
  set: UserFileSet,
  runs: number,
  chunkBytes: number,
): Promise<ImportPlanMeasurement> {
  const { name, bytes } = set.files.ndjson;
  const measurement: ImportPlanMeasurement = { set, bytes, chunkBytes, plans: [], baselines: {} };
  const timeout = passTimeoutMs(bytes * 2);
  for (let run = 1; run <= runs; run++) {
    context.log(`bench: ${name} run ${run}/${runs}: import planning…`);
    measurement.plans.push(
      await inFreshPage(context, name, bytes, (page, measure) =>
        measure(() => page.call('runImportPlan', [name, chunkBytes], timeout)),
      ),
    );
    for (const kind of importPlanBaselines) {
      context.log(`bench: ${name} run ${run}/${runs}: baseline ${kind}…`);
      (measurement.baselines[kind] ??= []).push(await baselinePass(context, name, bytes, kind, timeout));
    }
  }
  return measurement;
}
