/**
 * One export from start to file: which users (Auth0's export job, or search pages split past the 1000 cap, or a file
 * the admin dropped back in) through the worker's transform to a Blob or a file on disk.
 */
import type { Job } from '../../api/types';
import type { EngineProgress, EngineResult } from '../../core/export/pipeline/export-engine';
import { attributesToExport } from '../../core/export/pipeline/job-fields';
import type { ExportOutputSpec } from '../../core/export/pipeline/output-spec';
import type { QuerySplitPlan } from '../../core/export/query-split';
import type { ExportEnginePort, WorkerTarget } from './export-bridge';
import { openExportFile, planQuery, readQueryParts, waitForJob } from './tenant-export';
import type { TenantApi } from './tenant-export';

export type ExportStep = 'job' | 'planning' | 'reading' | 'writing';

export interface RunContext {
  api: TenantApi;
  engine: ExportEnginePort;
  spec: ExportOutputSpec;
  target: WorkerTarget;
  signal: AbortSignal;
  onStep(step: ExportStep, detail: string): void;
  onProgress(progress: EngineProgress): void;
}

export interface QueryExportResult extends EngineResult {
  plan: QuerySplitPlan;
  /** Distinct users read from the search, against the plan's total: the statement of completeness. */
  completeness: string;
}

function jobStatusText(job: Job): string {
  const percent = job.percentage_done === undefined ? '' : `, ${job.percentage_done}% done`;
  const left = job.time_left_seconds ? `, about ${job.time_left_seconds} s left` : '';
  return `Export job ${job.id} is ${job.status}${percent}${left}.`;
}

/** Starts Auth0's export job for a connection (or all) and waits until its file is ready; returns the job id. */
export async function startExportJob(ctx: RunContext, connectionId: string | null): Promise<string> {
  ctx.onStep('job', 'Starting the export job…');
  const attributes = attributesToExport(ctx.spec);
  const job = await ctx.api.createExportJob(
    {
      connectionId: connectionId ?? undefined,
      format: 'json',
      fields: attributes?.map((name) => ({ name })),
    },
    { signal: ctx.signal },
  );
  ctx.onStep('job', jobStatusText(job));
  await waitForJob(ctx.api, job.id, {
    signal: ctx.signal,
    onStatus: (j) => ctx.onStep('job', jobStatusText(j)),
  });
  return job.id;
}

/** Downloads the job's file with a fresh link and transforms it (DownloadRefusedError when CORS refuses). */
export async function downloadAndTransform(ctx: RunContext, jobId: string): Promise<EngineResult> {
  ctx.onStep('reading', 'Downloading and converting the export file…');
  const file = await openExportFile(ctx.api, jobId, { signal: ctx.signal });
  return ctx.engine.transformFile(file.body, ctx.spec, ctx.target, ctx.onProgress);
}

/** Transforms an export file the admin dropped in (a downloaded .gz, or any NDJSON/CSV/JSON user file). */
export async function transformDropped(ctx: RunContext, file: Blob): Promise<EngineResult> {
  ctx.onStep('reading', 'Converting the dropped file…');
  return ctx.engine.transformFile(file, ctx.spec, ctx.target, ctx.onProgress);
}

/** The statement of completeness after reading a split query. */
export function completenessStatement(plan: QuerySplitPlan, read: number): string {
  if (plan.complete && read === plan.total) {
    return `Complete: all ${read.toLocaleString('en-US')} users the search reported were exported (${plan.parts.length} ${plan.parts.length === 1 ? 'query' : 'queries'} of at most 1,000 results, split by created_at).`;
  }
  return `Not complete: ${read.toLocaleString('en-US')} of the ${plan.total.toLocaleString('en-US')} users the search reported were exported. ${plan.statement}`;
}

/** Exports the users matching a query (empty: every user), past the 1000-result cap. */
export async function runQueryExport(ctx: RunContext, query: string): Promise<QueryExportResult> {
  ctx.onStep('planning', 'Counting and planning the search…');
  const plan = await planQuery(ctx.api, query, { signal: ctx.signal });
  ctx.onStep('reading', plan.statement);
  await ctx.engine.beginRecords(ctx.spec, ctx.target, ctx.onProgress);
  let read: number;
  try {
    read = await readQueryParts(ctx.api, plan, attributesToExport(ctx.spec), {
      signal: ctx.signal,
      onPage: (users) => ctx.engine.addRecords(users),
    });
  } catch (error) {
    await ctx.engine.cancel();
    await ctx.engine.endRecords().catch(() => undefined);
    throw error;
  }
  ctx.onStep('writing', 'Writing the file…');
  const result = await ctx.engine.endRecords();
  return { ...result, plan, completeness: completenessStatement(plan, read) };
}
