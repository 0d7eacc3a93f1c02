/** A ChunkPayloadSource over records held in memory: for small runs, the CLI and tests. */
import type { ChunkPayloadSource } from './ports';
import type { Chunk, PlannedRecord } from './types';

/** Serves chunks from `records` (the planned records only, in file order). */
export function memoryPayloadSource(records: readonly PlannedRecord[]): ChunkPayloadSource {
  const byFile = new Map<string, PlannedRecord[]>();
  for (const record of records) {
    const list = byFile.get(record.file) ?? [];
    list.push(record);
    byFile.set(record.file, list);
  }
  return {
    chunkRecords(chunk: Chunk): Promise<PlannedRecord[]> {
      const list = byFile.get(chunk.file) ?? [];
      return Promise.resolve(list.filter((r) => r.index >= chunk.firstRecord && r.index <= chunk.lastRecord));
    },
  };
}
