/**
 * What the workbench's coordinating thread and its batch checkers exchange for an NDJSON file or a JSON array. The
 * coordinator reads the file's bytes and cuts them into batches of whole lines or whole array elements; a checker (a helper thread, or the coordinator itself)
 * decodes, parses and checks a batch on its own (everything except duplicates, which need the whole run) and
 * returns each record's output bytes and key fingerprints; the coordinator applies the results in batch order,
 * decides duplicates with the run's one index, and copies the output bytes. Plain data only: it crosses threads by
 * structured clone, bytes and typed arrays by transfer.
 */
import type { Finding } from '../findings';
import type { FileFault } from '../formats/file-problem';
import { duplicateKinds } from '../rules/duplicate-index';
import type { FixCount, RecordCheckOptions } from './contract';

/** Which records a helper serializes for the output: none (check only), the valid ones (import), or all objects. */
export type BatchJson = 'none' | 'valid' | 'all';

/**
 * Where each element of a JSON array batch is: in its bytes, in the text the bytes decode to (when the batch's bytes
 * are valid UTF-8), and the line it starts on.
 */
export interface ElementSpans {
  starts: Uint32Array;
  ends: Uint32Array;
  textStarts: Uint32Array;
  textEnds: Uint32Array;
  lines: Int32Array;
}

/** A batch of whole records, cut by ndjson-batches.ts or json-array-batches.ts. */
export interface RecordBatch {
  /** The batch's own copy of its bytes, at the start of a pooled buffer: give it back to its batcher. */
  bytes: Uint8Array;
  /** Where the batch starts in the (decompressed) file. */
  byteOffset: number;
  /**
   * 1-based line number of the batch's first line; 0-based index of its first record; records in the batch. A
   * batcher that does not count leaves them -1 (the pipeline numbers the batch when it sends it).
   */
  firstLine: number;
  firstRecord: number;
  records: number;
  /** A JSON array's elements (each is a record); absent for NDJSON, whose records are its lines. */
  elements?: ElementSpans;
}

export interface BatchRequest {
  /** Position of the batch in its file (0, 1, ...): results are applied in this order. */
  seq: number;
  file: string;
  /**
   * Whole NDJSON lines as UTF-8, each ending with "\n" except perhaps the file's last (the BOM left out); or whole
   * elements of a JSON array, with `elements`.
   */
  bytes: Uint8Array;
  /** A JSON array's elements: then the batch's records are these, not its lines. */
  elements?: ElementSpans;
  /** Where `bytes` start in the (decompressed) file, for the offset of a fault. */
  byteOffset: number;
  /** The 1-based line number of the batch's first line, and the 0-based index of its first record. */
  firstLine: number;
  firstRecord: number;
  /**
   * Records in the batch (blank lines are not records) as the coordinator counted them, or -1 when it did not (a
   * checker on its own thread: the lines are counted once, by the checker).
   */
  records: number;
  options: RecordCheckOptions;
  json: BatchJson;
}

/** Per-record flags in `BatchResult.flags`. A record with no flag set is invalid and goes nowhere. */
export const recordFlag = {
  /** The checker returned an object (it may still be invalid); 0 for a line that is not JSON or not an object. */
  checked: 1,
  /** No error finding from the checker (duplicates are decided later). */
  preValid: 2,
  /** At least one automatic fix was applied. */
  fixed: 4,
  /** The record goes to the output as JSON: its line's own bytes, or `extraJson` with `jsonExtra`. */
  hasJson: 8,
  /** Its JSON is in `extraJson` (fixed or re-serialized), from `extraStart` to `extraEnd`. */
  jsonExtra: 16,
  /** Serializing failed (nested too deeply): the record is reported unserializable if the output wants it. */
  jsonFailed: 32,
} as const;

/** Duplicate key kinds by number (a result's `keyKinds` index this list), in the order the checker tests them. */
export const keyKinds = duplicateKinds;

export interface BatchResult {
  seq: number;
  /** Records in the batch (blank lines are not records). */
  records: number;
  /** Lines read (blank ones too): the next batch's first line follows them. */
  lineCount: number;
  flags: Uint8Array;
  /** 1-based line of each record. */
  lines: Int32Array;
  /** Where each record's line is in the batch's bytes (its trailing CR left out). */
  lineStart: Uint32Array;
  lineEnd: Uint32Array;
  /** The UTF-8 JSON of records that were fixed or re-serialized, and where each record's is (see `jsonExtra`). */
  extraJson: Uint8Array;
  extraStart: Uint32Array;
  extraEnd: Uint32Array;
  /** How many duplicate keys each record has (0-3); the keys follow in record order. */
  keyCounts: Uint8Array;
  /** Each key's 64-bit fingerprint (two words, see duplicate-index.ts `keyFingerprint`). */
  keyHashes: Uint32Array;
  /**
   * Each key's kind (index into `keyKinds`). Values stay behind: a duplicate's message reads its value from the
   * record's line (see batch-apply.ts), which is far cheaper than sending every key's text.
   */
  keyKinds: Uint8Array;
  /** The checker's and reader's findings (duplicates aside), in record order; `record` says whose. */
  findings: Finding[];
  /** Fixes applied in the batch, in the order first seen. */
  fixes: FixCount[];
  /** A fault that stops the file (only possible on its first record); `records` are the ones before it. */
  fault: FileFault | null;
}

/** Helpers checking batches, as many as were asked for; `check` rejects if a helper failed. */
export interface BatchCheckers {
  readonly size: number;
  check(request: BatchRequest): Promise<BatchResult>;
  /**
   * Checks on the calling thread, at once: then the coordinator need not count a batch's lines before sending it
   * (it numbers the next batch from this result).
   */
  checkNow?(request: BatchRequest): BatchResult;
}

/**
 * The threads the engine may use, injected by the worker that hosts it (core never creates a Worker). Helpers are
 * started on demand and kept for later runs.
 */
export interface BatchCheckerPool {
  /** Helpers for `workers: 'auto'` (the host decides: see workers/workbench.worker.ts). */
  readonly autoSize: number;
  /** Helpers ready to use, up to `count`; null when none could start. */
  open(count: number): BatchCheckers | null;
}

/** Typed arrays of a result, to transfer rather than copy. */
export function transferablesOf(result: BatchResult): ArrayBuffer[] {
  return [
    result.flags,
    result.lines,
    result.lineStart,
    result.lineEnd,
    result.extraJson,
    result.extraStart,
    result.extraEnd,
    result.keyCounts,
    result.keyHashes,
    result.keyKinds,
  ].map((array) => array.buffer as ArrayBuffer);
}
