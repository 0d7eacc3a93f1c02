/**
 * Splits the records of an import into chunks, one Auth0 job each, whose JSON array payload is at most
 * `chunkBytes` UTF-8 bytes, laid out and counted by formats/json-array-part.ts: the rule the Convert screen's
 * splitter uses too, so converting a file into parts and planning its import cut the same records.
 * Streams its input and keeps only counters and the chunk list: the records themselves are re-read when sent.
 */
import { jsonArrayPartBytes, largestRecordBytes } from '../formats/json-array-part';
import { utf8Length } from '../formats/utf8';
import type { Chunk, ImportFileInfo, RecordOutcome } from './types';

/** One input record in file order. Every record of every file must come through, with `json` or `skip`. */
export interface PlanInput {
  file: string;
  index: number;
  line: number | null;
  /** The record as it will be sent (compact JSON of one object). */
  json?: string;
  /** Set for a record left out of the import (e.g. it failed the checks): accounted for as skipped. */
  skip?: { code: string; reason: string };
  email?: string | null;
}

export interface ImportPlan {
  files: ImportFileInfo[];
  chunks: Chunk[];
  /** Records left out: those the caller skipped and those too large for any job. */
  skipped: RecordOutcome[];
}

interface OpenChunk {
  file: string;
  first: number;
  last: number;
  count: number;
  recordBytes: number;
}

/** Told as the plan is made, so a caller can cut each part's payload while the records stream through. */
export interface PlanListener {
  /** A record went into the open part `chunkIndex` (any part before it is already closed). */
  placed(input: PlanInput, json: string, chunkIndex: number): void;
  /** A part is complete: no record will be added to it. */
  closed(chunk: Chunk): void;
}

/** Plans chunks of at most `chunkBytes`; `fileBytes` gives each file's size for the run's file list. */
export async function planChunks(
  records: Iterable<PlanInput> | AsyncIterable<PlanInput>,
  chunkBytes: number,
  fileBytes: Readonly<Record<string, number>> = {},
  listener?: PlanListener,
): Promise<ImportPlan> {
  if (!Number.isInteger(chunkBytes) || chunkBytes < 3)
    throw new RangeError('chunkBytes must be an integer >= 3');
  const chunks: Chunk[] = [];
  const skipped: RecordOutcome[] = [];
  const files = new Map<string, ImportFileInfo>();
  let open: OpenChunk | null = null;
  const close = () => {
    if (open) {
      const chunk = newChunk(chunks.length, open);
      chunks.push(chunk);
      listener?.closed(chunk);
    }
    open = null;
  };
  for await (const input of records) {
    fileInfo(files, input.file, fileBytes).records += 1;
    if (input.skip || input.json === undefined) {
      const skip = input.skip ?? {
        code: 'record.missing',
        reason: 'No record text was given for this record.',
      };
      skipped.push(skippedOutcome(input, skip.code, skip.reason));
      continue;
    }
    const bytes = utf8Length(input.json);
    if (bytes > largestRecordBytes(chunkBytes)) {
      skipped.push(skippedOutcome(input, 'record.too-large', tooLargeReason(bytes, chunkBytes)));
      continue;
    }
    const current: OpenChunk | null = open;
    if (current && current.file === input.file && fitsIn(current, bytes, chunkBytes)) {
      current.last = input.index;
      current.count += 1;
      current.recordBytes += bytes;
      listener?.placed(input, input.json, chunks.length);
      continue;
    }
    close();
    open = { file: input.file, first: input.index, last: input.index, count: 1, recordBytes: bytes };
    listener?.placed(input, input.json, chunks.length);
  }
  close();
  return { files: [...files.values()], chunks, skipped };
}

const fitsIn = (chunk: OpenChunk, bytes: number, limit: number): boolean =>
  jsonArrayPartBytes(chunk.count + 1, chunk.recordBytes + bytes) <= limit;

function fileInfo(files: Map<string, ImportFileInfo>, name: string, sizes: Readonly<Record<string, number>>) {
  let info = files.get(name);
  if (!info) {
    info = { name, records: 0, bytes: sizes[name] ?? 0 };
    files.set(name, info);
  }
  return info;
}

function newChunk(index: number, open: OpenChunk): Chunk {
  return {
    index,
    file: open.file,
    firstRecord: open.first,
    lastRecord: open.last,
    recordCount: open.count,
    bytes: jsonArrayPartBytes(open.count, open.recordBytes),
    status: 'planned',
    attempts: 0,
    submittedAt: null,
    finishedAt: null,
  };
}

function skippedOutcome(input: PlanInput, code: string, reason: string): RecordOutcome {
  return {
    file: input.file,
    record: input.index,
    line: input.line,
    email: input.email ?? null,
    outcome: 'skipped',
    chunk: null,
    code,
    field: null,
    reason,
  };
}

const tooLargeReason = (bytes: number, limit: number): string =>
  `This record alone is ${bytes.toLocaleString('en')} bytes; a job takes at most ${limit.toLocaleString('en')}. ` +
  'Shorten its metadata (Auth0 allows about 10 KB per profile) and import it again.';
