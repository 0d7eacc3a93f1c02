/**
 * The paths measured besides the workbench: export (an export job's file to CSV and import-ready JSON) and import
 * planning (dropped file to ready parts) per size in the browser, and one real import run of 100,000 users against
 * the emulated Free-plan tenant from Node. Each prints its block as soon as it is measured.
 */
import { join } from 'node:path';
import { defaultChunkBytes } from '../../src/core/import';
import { ensureExportFile } from './data/export-files';
import { ensureUserFiles } from './data/user-files';
import { measureImportRun } from './import-run';
import type { MeasureContext } from './measure-file';
import { measureExport, measureImportPlan } from './measure-paths';
import { exportTable, importPlanTable, importRunLines } from './report-paths';

export type BenchPath = 'workbench' | 'export' | 'import-plan' | 'import-run';
export const benchPaths: readonly BenchPath[] = ['workbench', 'export', 'import-plan', 'import-run'];

/** Users in the import run: the brief's 100,000, whatever sizes the browser paths use. */
const importRunUsers = 100_000;

export interface OtherPathOptions {
  paths: BenchPath[];
  sizes: string[];
  sizeCounts: Record<string, number>;
  runs: number | null;
  tenantPort: number;
}

export async function measureOtherPaths(context: MeasureContext, options: OtherPathOptions): Promise<void> {
  const { dataDir, log } = context;
  for (const size of options.sizes) {
    const count = options.sizeCounts[size];
    const runs = options.runs ?? (count <= 100_000 ? 3 : 1);
    if (options.paths.includes('export')) {
      const file = await ensureExportFile(dataDir, size, count, log);
      for (const line of exportTable(await measureExport(context, file, runs))) log(line);
    }
    if (options.paths.includes('import-plan')) {
      const set = await ensureUserFiles(dataDir, size, count, log);
      const measured = await measureImportPlan(context, set, runs, defaultChunkBytes);
      for (const line of importPlanTable(measured)) log(line);
    }
  }
  if (options.paths.includes('import-run')) {
    const set = await ensureUserFiles(dataDir, '100k', importRunUsers, log);
    const result = await measureImportRun(join(dataDir, set.files.ndjson.name), options.tenantPort, log);
    for (const line of importRunLines(result)) log(line);
  }
}
