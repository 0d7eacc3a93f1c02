/**
 * Every schema Ferry has shipped, frozen. A version here is never edited once released: a change is a new version
 * with an upgrade function (ferry-db.ts), so a history written by an older Ferry opens in a newer one. Tests open a
 * database with an old declaration, write to it, and reopen it with the current class.
 */

/** v1: import runs, their record outcomes, exports, export field presets, check summaries. */
export const schemaV1 = {
  runs: 'id, tenant, status, createdAt',
  // Compound primary key: saving the same record again (a resumed run) replaces it. runId: delete a run's outcomes.
  outcomes: '[runId+file+record], runId',
  exports: 'id, tenant, status, createdAt',
  fieldPresets: '[tenant+name], tenant',
  checks: 'id, createdAt',
} as const;

/**
 * v2: per-run outcome totals (runCounts), so the history list shows counts without reading a million outcomes, and
 * [tenant+createdAt] indexes so "this tenant, newest first" is one index range. The upgrade backfills runCounts.
 */
export const schemaV2 = {
  runs: 'id, tenant, status, createdAt, [tenant+createdAt]',
  exports: 'id, tenant, status, createdAt, [tenant+createdAt]',
  runCounts: 'runId',
} as const;

/** v3: each planned import part's payload (chunk-payloads.ts), so a run resumes after a reload without its file. */
export const schemaV3 = {
  chunkPayloads: '[runId+chunkIndex], runId',
} as const;

/** The version the current code writes. */
export const currentSchemaVersion = 3;
