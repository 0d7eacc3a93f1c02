/**
 * Records each export in the job history (src/db). Saving history never stops an export: a failure to write it
 * (private browsing, a full disk) is logged and the export goes on.
 */
import { session } from '../../auth/session.svelte';
import type { ExportOutputSpec } from '../../core/export/pipeline/output-spec';
import { db } from '../../db/db';
import type { ExportRecord, ExportStatus } from '../../db/export-record';
import { saveExport } from '../../db/export-store';

interface Started {
  connection: { id: string; name: string } | null;
  query: string | null;
  spec: ExportOutputSpec;
  jobId?: string | null;
}

interface Ended {
  counts: { written: number; skipped: number; warnings: number };
  fileName: string;
}

function statusOf(phase: string): ExportStatus {
  if (phase === 'done') return 'finished';
  if (phase === 'cancelled') return 'cancelled';
  if (phase === 'refused') return 'running';
  return 'failed';
}

async function save(record: ExportRecord): Promise<void> {
  try {
    await saveExport(db, record);
  } catch (error) {
    console.warn(
      'Ferry could not save the export in its history:',
      error instanceof Error ? error.message : error,
    );
  }
}

export const exportHistory = {
  async started(input: Started): Promise<ExportRecord> {
    const now = Date.now();
    const record: ExportRecord = {
      id: `export-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      tenant: session.current?.tenantDomain ?? 'no tenant (file dropped in)',
      connection: input.connection,
      query: input.query,
      // The history knows JSON, NDJSON and CSV; import-ready output is a JSON array.
      fields: input.spec.format === 'import-ready' ? [] : input.spec.fields,
      format: input.spec.format === 'import-ready' ? 'json' : input.spec.format,
      status: 'running',
      counts: { exported: 0, failed: 0, skipped: 0 },
      fileName: null,
      jobId: input.jobId ?? null,
      problem: null,
      createdAt: now,
      timings: { startedAt: now, finishedAt: null },
    };
    await save(record);
    return record;
  },

  async ended(
    record: ExportRecord,
    phase: string,
    outcome: Ended | null,
    error: string | null,
  ): Promise<void> {
    const status = statusOf(phase);
    await save({
      ...record,
      status,
      counts: outcome
        ? { exported: outcome.counts.written, failed: 0, skipped: outcome.counts.skipped }
        : record.counts,
      fileName: outcome?.fileName ?? null,
      problem: error && status !== 'running' ? { code: `export.${status}`, message: error } : null,
      timings: { ...record.timings, finishedAt: status === 'running' ? null : Date.now() },
    });
  },
};
