/** Ferry's IndexedDB database: one Dexie class with every schema version in order (see schema-history.ts). */
import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import type { ImportRun } from '../core/import/types';
import type { ExportRecord } from './export-record';
import { countOutcomes } from './outcome-counts';
import type { CheckSummaryRecord, FieldPreset, OutcomeRow, RunCountsRow } from './records';
import { schemaV1, schemaV2, schemaV3 } from './schema-history';
import type { ChunkPayloadRow } from './chunk-payloads';

export const defaultDatabaseName = 'ferry';

export class FerryDb extends Dexie {
  runs!: EntityTable<ImportRun, 'id'>;
  outcomes!: Table<OutcomeRow, [string, string, number]>;
  runCounts!: EntityTable<RunCountsRow, 'runId'>;
  exports!: EntityTable<ExportRecord, 'id'>;
  fieldPresets!: Table<FieldPreset, [string, string]>;
  checks!: EntityTable<CheckSummaryRecord, 'id'>;
  chunkPayloads!: Table<ChunkPayloadRow, [string, number]>;

  constructor(name = defaultDatabaseName) {
    super(name);
    this.version(1).stores(schemaV1);
    this.version(2).stores(schemaV2).upgrade(backfillRunCounts);
    this.version(3).stores(schemaV3);
  }
}

/** v1 -> v2: totals per run from the outcomes already stored, one run at a time. */
async function backfillRunCounts(tx: Transaction): Promise<void> {
  const runIds = (await tx.table('runs').toCollection().primaryKeys()) as string[];
  for (const runId of runIds) {
    const counts = await countOutcomes(tx.table<OutcomeRow>('outcomes').where('runId').equals(runId));
    await tx.table<RunCountsRow>('runCounts').put({ runId, counts });
  }
}
