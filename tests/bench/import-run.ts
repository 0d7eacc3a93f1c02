/**
 * One real import of the generated users into the local tenant emulator on the Free plan, from Node: the file is
 * checked and planned as the import-plan worker does it (workbench engine, then plan-from-check's planChecked), then
 * core's runImport sends the parts through the real Management API client (src/api: pacing, retries) and the app's
 * jobs adapter. Its wall time is compared with the least time the plan's rate limit allows for the requests it made.
 * Node rather than the browser: the Import screen needs a signed-in session and IndexedDB, and the browser adds
 * nothing to a run whose time is the tenant's rate limit and job processing. The emulator runs in a child process
 * (tenant-process.ts) so its work never delays this process's request pacing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ManagementApi } from '../../src/api/management-api';
import { ManagementClient } from '../../src/api/client';
import {
  createImportRun,
  defaultImportOptions,
  emptyOutcomeCounts,
  runImport,
  type ChunkPayloadSource,
  type ImportRun,
  type OutcomeCounts,
  type RecordOutcome,
  type RunStore,
} from '../../src/core/import';
import type { Finding } from '../../src/core/findings';
import { createWorkbench } from '../../src/core/workbench/engine';
import { recordsOfPayload, type PlannedPayload } from '../../src/db/chunk-payloads';
import { importClock, importJobsPort } from '../../src/features/import/import-jobs-adapter';
import { importCheckRunOptions, planChecked } from '../../src/features/import/plan-from-check';
import type { PlanResult } from '../../src/features/import/plan-stream';
import type { JobTiming, TenantCounters, TenantOptions } from '../emulator';
import { freePlanLimit, leastJobSeconds, leastSecondsFor } from './import-run-figures';
import type { TenantHandshake } from './tenant-process';

export interface ImportRunResult {
  users: number;
  timing: Pick<JobTiming, 'pendingMs' | 'processingMs'>;
  planSeconds: number;
  /** From the first request of runImport to its return. */
  wallSeconds: number;
  status: ImportRun['status'];
  problem: string | null;
  chunks: number;
  counts: OutcomeCounts;
  counters: TenantCounters;
  /** Requests the tenant accepted (not answered 429), and the least time the Free plan allows for them. */
  accepted: number;
  leastSeconds: number;
  /** The least time the tenant needs to process the parts, two jobs at a time. */
  leastJobSeconds: number;
}

/** Realistic small job times: a part of ~1,300 users waits briefly, then takes a couple of seconds. */
export const benchJobTiming = { pendingMs: 500, processingMs: 2_000 };

/** Keeps the run and its outcomes in memory (the app keeps them in IndexedDB; the cost is not what is measured). */
class MemoryRunStore implements RunStore {
  readonly outcomes = new Map<string, RecordOutcome>();
  #run: string | null = null;

  async saveRun(run: ImportRun): Promise<void> {
    this.#run = JSON.stringify(run);
  }
  async loadRun(): Promise<ImportRun | undefined> {
    return this.#run === null ? undefined : (JSON.parse(this.#run) as ImportRun);
  }
  async saveOutcomes(_runId: string, outcomes: readonly RecordOutcome[]): Promise<void> {
    for (const outcome of outcomes) this.outcomes.set(`${outcome.file}\u0000${outcome.record}`, outcome);
  }
  async *readOutcomes(): AsyncIterable<readonly RecordOutcome[]> {
    yield [...this.outcomes.values()];
  }
}

/** Serves each part's records from its planned payload, as the app's stored payloads do. */
function payloadSource(payloads: readonly PlannedPayload[]): ChunkPayloadSource {
  const byChunk = new Map(payloads.map((payload) => [payload.chunkIndex, payload]));
  return {
    async chunkRecords(chunk) {
      const payload = byChunk.get(chunk.index);
      return payload ? recordsOfPayload({ ...payload, runId: '' }) : [];
    },
  };
}

/** Check, then plan, as workers/import-plan.worker.ts does (`check` then `plan`), in this process. */
async function planFile(path: string, chunkBytes: number): Promise<PlanResult> {
  const inputs = [{ name: basename(path), blob: (await openAsBlob(path)) as Blob }];
  const engine = createWorkbench();
  const summary = await engine.run(inputs, importCheckRunOptions, () => undefined);
  const lookup = async (file: string): Promise<Finding[]> => {
    const errors: Finding[] = [];
    for (let offset = 0; ; offset += 5_000) {
      const page = await engine.findings({ file, severity: 'error', offset, limit: 5_000 });
      errors.push(...page.rows);
      if (page.rows.length < 5_000) return errors;
    }
  };
  return planChecked(engine, { inputs, summary, lookup }, chunkBytes);
}

function sumCounts(run: ImportRun): OutcomeCounts {
  const total = emptyOutcomeCounts();
  for (const chunk of run.chunks) {
    for (const key of Object.keys(total) as (keyof OutcomeCounts)[]) total[key] += chunk.counts?.[key] ?? 0;
  }
  return total;
}

async function adminJson<T>(url: string, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const response = await fetch(url, { method });
  if (!response.ok) throw new Error(`bench: ${method} ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Starts the emulator in a child process and reads its handshake line. */
async function startTenantProcess(
  options: TenantOptions,
): Promise<{ child: ChildProcess; tenant: TenantHandshake }> {
  const entry = fileURLToPath(new URL('./tenant-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => `exit ${String(code)}`);
  const first = await Promise.race([once(lines, 'line').then(([line]) => line as string), exited]);
  lines.close();
  if (first.startsWith('exit '))
    throw new Error(`bench: the emulator process ended (${first}) before it was ready`);
  return { child, tenant: JSON.parse(first) as TenantHandshake };
}

async function stopTenantProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Imports the NDJSON file at `path` into a fresh emulated Free-plan tenant on `port` and measures the run. */
export async function measureImportRun(
  path: string,
  port: number,
  log: (line: string) => void,
): Promise<ImportRunResult> {
  const timing = benchJobTiming;
  const { child, tenant } = await startTenantProcess({ plan: 'free', userCount: 0, port, timing });
  try {
    const { connection, token } = tenant;
    const client = new ManagementClient({
      credentials: async () => ({ apiBaseUrl: tenant.audience, accessToken: token }),
      plan: () => 'free',
    });
    const options = defaultImportOptions(Date.now());
    const planStarted = performance.now();
    const { plan, payloads } = await planFile(path, options.chunkBytes);
    const planSeconds = (performance.now() - planStarted) / 1000;
    const run = createImportRun({ tenant: tenant.url, connection, plan, options, now: Date.now() });
    const store = new MemoryRunStore();
    await store.saveOutcomes(run.id, plan.skipped);
    log(`bench: importing ${plan.chunks.length} parts into the emulated tenant (Free plan)…`);
    await adminJson(`${tenant.url}/__admin/counters/reset`, 'POST');
    const started = performance.now();
    const ports = { api: importJobsPort(new ManagementApi(client)), store, clock: importClock, source: payloadSource(payloads) }; // prettier-ignore
    const done = await runImport(run, ports, new AbortController().signal);
    const wallSeconds = (performance.now() - started) / 1000;
    const counters = await adminJson<TenantCounters>(`${tenant.url}/__admin/counters`);
    const accepted = counters.requests - counters.rateLimited;
    const counts = sumCounts(done);
    return {
      users: plan.files.reduce((sum, file) => sum + file.records, 0),
      timing,
      planSeconds,
      wallSeconds,
      status: done.status,
      problem: done.problem ? `${done.problem.code}: ${done.problem.message}` : null,
      chunks: done.chunks.length,
      counts: { ...counts, skipped: counts.skipped + plan.skipped.length },
      counters,
      accepted,
      leastSeconds: leastSecondsFor(accepted, freePlanLimit),
      leastJobSeconds: leastJobSeconds(done.chunks.length, timing.pendingMs + timing.processingMs),
    };
  } finally {
    await stopTenantProcess(child);
  }
}
