/** Builds a new import run from a plan, with Ferry's safe defaults for the job options. */
import type { ImportPlan } from './plan-chunks';
import type { ImportOptions, ImportRun } from './types';

/** Leaves headroom under Auth0's 500 KB limit, since whether the multipart framing counts is unverified. */
export const defaultChunkBytes = 450_000;
/** The API refuses payloads above this many bytes (413). */
export const maxChunkBytes = 500_000;

/** A run's external id: `ferry-<timestamp>-<random>`, easy to find among a tenant's jobs. */
export function generateExternalId(now: number, random: () => number = Math.random): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `ferry-${stamp}-${randomSuffix(random)}`;
}

const randomSuffix = (random: () => number): string =>
  Array.from({ length: 6 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)]).join('');

/** The options of a new run: upsert off, no completion email, a generated external id, 450,000-byte chunks. */
export function defaultImportOptions(now: number, random: () => number = Math.random): ImportOptions {
  return {
    upsert: false,
    sendCompletionEmail: false,
    externalId: generateExternalId(now, random),
    chunkBytes: defaultChunkBytes,
  };
}

export interface NewRunInput {
  tenant: string;
  connection: { id: string; name: string };
  plan: ImportPlan;
  /** The options the plan was made with; chunkBytes must match the plan's. */
  options: ImportOptions;
  now: number;
  random?: () => number;
}

/** A run in status `planned`. The caller saves it and the plan's skipped outcomes, then calls runImport. */
export function createImportRun(input: NewRunInput): ImportRun {
  const { options } = input;
  if (options.chunkBytes > maxChunkBytes) {
    throw new RangeError(`chunkBytes ${options.chunkBytes} is above Auth0's limit of ${maxChunkBytes}`);
  }
  return {
    id: `run-${input.now.toString(36)}-${randomSuffix(input.random ?? Math.random)}`,
    tenant: input.tenant,
    connection: { ...input.connection },
    options: { ...options },
    files: input.plan.files.map((file) => ({ ...file })),
    chunks: input.plan.chunks.map((chunk) => ({ ...chunk })),
    status: 'planned',
    problem: null,
    createdAt: input.now,
    timings: { startedAt: null, finishedAt: null },
  };
}
