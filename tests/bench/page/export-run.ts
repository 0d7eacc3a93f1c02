/**
 * The export path as the Export screen runs it for a dropped export file: the app's own bridge starts the real
 * workers/export.worker.ts, whose engine decompresses, transforms and writes the output into a Blob.
 */
import { connectExportEngine } from '../../../src/features/export/export-bridge';
import { defaultExportFields } from '../../../src/core/export/field-spec';
import { defaultCsvOptions, type ExportOutputSpec } from '../../../src/core/export/pipeline/output-spec';
import type { ExportKind, ExportResult } from '../bench-types';

/** The spec the Export screen starts with for each output: default columns, no sort, default CSV options. */
function specFor(kind: ExportKind): ExportOutputSpec {
  return { format: kind, fields: defaultExportFields(), sort: null, csv: { ...defaultCsvOptions } };
}

/** Transforms `blob` (an export job's gzip NDJSON) to `kind` in a new export worker; timed from worker start. */
export async function runExportOnce(kind: ExportKind, blob: Blob): Promise<ExportResult> {
  const started = performance.now();
  const engine = connectExportEngine();
  let progressEvents = 0;
  try {
    const result = await engine.transformFile(blob, specFor(kind), { kind: 'blob' }, () => {
      progressEvents += 1;
    });
    const ms = performance.now() - started;
    if (result.cancelled || !result.blob) throw new Error(`the ${kind} export ended without a file`);
    return {
      kind,
      ms,
      ...result.counts,
      unreadable: result.unreadable,
      bytesOut: result.blob.size,
      progressEvents,
    };
  } finally {
    engine.close();
  }
}
