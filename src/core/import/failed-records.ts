/**
 * The failed records of a run as a new import file: fix them and import the file again. The records come from a
 * ChunkPayloadSource: the parts' payloads stored when the run was planned, or (when those are gone, e.g. a run read
 * from a history file) the original files the user picks again.
 */
import { BlobBuilder } from '../formats/blob-builder';
import { JsonArrayWriter } from '../formats/json-writers';
import { readFileRecords } from '../formats/read-file';
import type { ChunkPayloadSource } from './ports';
import type { OutcomePages } from './run-reports';
import type { Chunk, ImportRun, PlannedRecord } from './types';

/** Record indices of the failed outcomes, per part (chunk index). */
export type FailedByChunk = Map<number, Set<number>>;

export async function failedByChunk(pages: OutcomePages): Promise<FailedByChunk> {
  const failed: FailedByChunk = new Map();
  for await (const page of pages) {
    for (const outcome of page) {
      if (outcome.outcome !== 'failed' || outcome.chunk === null) continue;
      const set = failed.get(outcome.chunk) ?? new Set<number>();
      set.add(outcome.record);
      failed.set(outcome.chunk, set);
    }
  }
  return failed;
}

export interface FailedRecordsFile {
  blob: Blob;
  count: number;
}

/**
 * The failed records, part by part, as a JSON array with one record per line. Only one part's records are read at a
 * time; the output grows in a BlobBuilder.
 */
export async function failedRecordsFile(
  run: ImportRun,
  failed: FailedByChunk,
  source: ChunkPayloadSource,
  signal: AbortSignal,
): Promise<FailedRecordsFile> {
  const writer = new JsonArrayWriter(new BlobBuilder());
  for (const chunk of run.chunks) {
    const indices = failed.get(chunk.index);
    if (!indices) continue;
    for (const record of await source.chunkRecords(chunk, signal)) {
      if (indices.has(record.index)) writer.add(record.json);
    }
  }
  const count = writer.records;
  return { blob: writer.finish(), count };
}

/** An original file as the user picks it again. */
export interface PickedFile {
  name: string;
  stream(): ReadableStream<Uint8Array>;
}

/**
 * A payload source over the run's original files, picked again by the user: each file that holds failed records is
 * read once and only those records are kept. Throws an Error naming the file when one is missing, or when a picked
 * file no longer has the number of records the run read (it is not the file that was imported).
 */
export async function pickedFilesPayloadSource(
  run: ImportRun,
  failed: FailedByChunk,
  files: readonly PickedFile[],
): Promise<ChunkPayloadSource> {
  const wanted = new Map<string, Set<number>>();
  for (const [chunkIndex, indices] of failed) {
    const name = run.chunks[chunkIndex]?.file;
    if (name === undefined) continue;
    const set = wanted.get(name) ?? new Set<number>();
    for (const index of indices) set.add(index);
    wanted.set(name, set);
  }
  const kept = new Map<string, PlannedRecord[]>();
  for (const [name, indices] of wanted) {
    const file = files.find((candidate) => candidate.name === name);
    const info = run.files.find((candidate) => candidate.name === name);
    if (!file || !info)
      throw new Error(`Choose the file "${name}": it holds ${indices.size} of the failed records.`);
    kept.set(name, await keepRecords(file, indices, info.records));
  }
  return {
    chunkRecords: async (chunk: Chunk) =>
      (kept.get(chunk.file) ?? []).filter(
        (record) => record.index >= chunk.firstRecord && record.index <= chunk.lastRecord,
      ),
  };
}

async function keepRecords(
  file: PickedFile,
  indices: Set<number>,
  expected: number,
): Promise<PlannedRecord[]> {
  const records: PlannedRecord[] = [];
  let seen = 0;
  await readFileRecords(file.stream(), {
    sink: {
      record(record, text) {
        seen++;
        if (!indices.has(record.index)) return;
        const json = text ?? JSON.stringify(record.value);
        records.push({ file: file.name, index: record.index, line: record.line, json });
      },
      unreadable() {
        seen++;
      },
    },
    onFormat() {},
    onBytes() {},
    isCancelled: () => false,
  });
  if (seen !== expected) {
    throw new Error(
      `"${file.name}" now has ${seen} records, but the run read ${expected}: it is not the same file. Choose the file that was imported.`,
    );
  }
  return records;
}
