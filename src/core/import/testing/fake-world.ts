/**
 * A test world for import runs: a virtual clock, a fake tenant, a store that keeps only what was saved (as a copy),
 * and sessions that can "crash" like a closed tab: every later call of a crashed session never returns.
 */
import { memoryPayloadSource } from '../memory-payload-source';
import { planChunks, type PlanInput } from '../plan-chunks';
import type { Clock, ImportJobsPort, ImportPorts, RunStore } from '../ports';
import type { ImportRun, PlannedRecord, RecordOutcome } from '../types';
import { FakeTenant } from './fake-tenant';
import { createImportRun, defaultImportOptions } from '../create-run';

const never = <T>(): Promise<T> => new Promise<T>(() => {});

export interface SessionHooks {
  beforeCreate?: () => void;
  afterCreate?: (jobId: string) => void;
  beforeGetJob?: () => void;
  afterSaveRun?: (run: ImportRun) => void;
  afterSaveOutcomes?: () => void;
}

export class FakeWorld {
  time = Date.UTC(2026, 0, 1);
  readonly tenant = new FakeTenant(() => this.time);
  readonly runs = new Map<string, string>();
  readonly outcomes = new Map<string, Map<string, RecordOutcome>>();
  readonly sleeps: number[] = [];

  /** Ports for one "tab"; `crash()` kills them. */
  session(
    hooks: SessionHooks = {},
    records: readonly PlannedRecord[] = [],
  ): ImportPorts & { crash: () => void } {
    let dead = false;
    const alive = <T>(work: () => Promise<T>): Promise<T> => (dead ? never<T>() : work());
    const clock: Clock = {
      now: () => this.time,
      sleep: (ms, signal) =>
        alive(async () => {
          signal.throwIfAborted();
          this.sleeps.push(ms);
          this.time += ms;
        }),
    };
    const api: ImportJobsPort = {
      createImportJob: (payload, params) =>
        alive(async () => {
          hooks.beforeCreate?.();
          if (dead) return never();
          const job = await this.tenant.create(payload, params);
          hooks.afterCreate?.(job.id);
          return dead ? never() : job;
        }),
      getJob: (id) =>
        alive(async () => {
          hooks.beforeGetJob?.();
          return dead ? never() : this.tenant.state(id);
        }),
      getJobErrors: (id) => alive(async () => this.tenant.errors(id)),
      usersByEmail: (email) => alive(async () => this.tenant.byEmail(email)),
    };
    const store: RunStore = {
      saveRun: (run) =>
        alive(async () => {
          this.runs.set(run.id, JSON.stringify(run));
          hooks.afterSaveRun?.(run);
        }),
      loadRun: (id) => alive(async () => this.loadRun(id)),
      saveOutcomes: (runId, outcomes) =>
        alive(async () => {
          const map = this.outcomes.get(runId) ?? new Map<string, RecordOutcome>();
          for (const outcome of outcomes) map.set(`${outcome.file}\u0000${outcome.record}`, { ...outcome });
          this.outcomes.set(runId, map);
          hooks.afterSaveOutcomes?.();
        }),
      readOutcomes: (runId) => this.readOutcomes(runId),
    };
    return {
      api,
      store,
      clock,
      source: memoryPayloadSource(records),
      random: () => 0.5,
      crash: () => (dead = true),
    };
  }

  loadRun(id: string): ImportRun | undefined {
    const text = this.runs.get(id);
    return text === undefined ? undefined : (JSON.parse(text) as ImportRun);
  }

  async *readOutcomes(runId: string): AsyncIterable<RecordOutcome[]> {
    const all = [...(this.outcomes.get(runId)?.values() ?? [])];
    for (let start = 0; start < all.length; start += 1000) yield all.slice(start, start + 1000);
  }

  outcomeList(runId: string): RecordOutcome[] {
    return [...(this.outcomes.get(runId)?.values() ?? [])];
  }
}

/** `count` user records of `file`, numbered from `from`; emails of the form `user-<n>@example.com`. */
export function userInputs(
  file: string,
  count: number,
  make?: (n: number) => Record<string, unknown>,
): PlanInput[] {
  return Array.from({ length: count }, (_, n) => ({
    file,
    index: n,
    line: n + 2,
    json: JSON.stringify(make ? make(n) : { email: `user-${n}@example.com`, given_name: `User ${n}` }),
  }));
}

/** Plans `inputs` into a saved run in `world`, returning the run and the planned records. */
export async function plannedRun(
  world: FakeWorld,
  inputs: PlanInput[],
  options: Partial<ImportRun['options']> = {},
): Promise<{ run: ImportRun; records: PlannedRecord[] }> {
  const chunkBytes = options.chunkBytes ?? 2_000;
  const plan = await planChunks(inputs, chunkBytes);
  const run = createImportRun({
    tenant: 'example.eu.auth0.com',
    connection: { id: 'con_ABCDEFGHIJKLMNOP', name: 'Users' },
    plan,
    options: { ...defaultImportOptions(world.time, () => 0.1), ...options, chunkBytes },
    now: world.time,
    random: () => 0.2,
  });
  const records = inputs.flatMap((input) =>
    input.json === undefined
      ? []
      : [{ file: input.file, index: input.index, line: input.line, json: input.json }],
  );
  world.runs.set(run.id, JSON.stringify(run));
  if (plan.skipped.length > 0)
    world.outcomes.set(run.id, new Map(plan.skipped.map((o) => [`${o.file}\u0000${o.record}`, o])));
  return { run, records };
}
