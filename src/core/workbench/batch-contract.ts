/**
 * What the workbench's coordinating thread and its helper threads exchange when a big NDJSON file is checked in
 * parallel. The coordinator reads the file and cuts it into batches of whole lines; a helper parses and checks a
 * batch on its own (everything except duplicates, which need the whole run); the coordinator applies the results in
 * batch order, decides duplicates with the run's one index, and writes the outputs. Plain data only: it crosses
 * threads by structured clone, typed arrays by transfer.
 */
import type { Finding } from '../findings';
import type { FileFault } from '../formats/file-problem';
import type { FixCount, RecordCheckOptions } from './contract';

/** Which records a helper serializes for the output: none (check only), the valid ones (import), or all objects. */
export type BatchJson = 'none' | 'valid' | 'all';

export interface BatchRequest {
  /** Position of the batch in its file (0, 1, ...): results are applied in this order. */
  seq: number;
  file: string;
  /** Whole NDJSON lines, each ending with "\n" except perhaps the file's last. */
  text: string;
  /** The 1-based line number of the batch's first line, and the 0-based index of its first record. */
  firstLine: number;
  firstRecord: number;
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
  /** The record was serialized for the output (see `jsonStart`). */
  hasJson: 8,
  /** Its JSON is in `extraJson` (fixed or re-serialized); otherwise it is the record's own line in the batch text. */
  jsonExtra: 16,
  /** Serializing failed (nested too deeply): the record is reported unserializable if the output wants it. */
  jsonFailed: 32,
} as const;

/** Duplicate key kinds by number, in the order the checker tests them. */
export const keyKinds = ['email', 'user_id', 'username'] as const;

export interface BatchResult {
  seq: number;
  /** Records in the batch (blank lines are not records). */
  records: number;
  flags: Uint8Array;
  /** 1-based line of each record. */
  lines: Int32Array;
  /** Where each record's JSON is: in the batch text or in `extraJson` (see the flags). */
  jsonStart: Uint32Array;
  jsonEnd: Uint32Array;
  extraJson: string;
  /** How many duplicate keys each record has (0-3); the keys follow in record order. */
  keyCounts: Uint8Array;
  /** Each key's kind (index into `keyKinds`) and where its value ends in `keyText` (it starts where the last ended). */
  keyKinds: Uint8Array;
  keyEnds: Uint32Array;
  keyText: string;
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
}

/**
 * The threads the engine may use, injected by the worker that hosts it (core never creates a Worker). Helpers are
 * started on demand and kept for later runs.
 */
export interface BatchCheckerPool {
  /** Helpers for `workers: 'auto'` (the host's cores - 1, at most 4). */
  readonly autoSize: number;
  /** Helpers ready to use, up to `count`; null when none could start. */
  open(count: number): BatchCheckers | null;
}

/** Typed arrays of a result, to transfer rather than copy. */
export function transferablesOf(result: BatchResult): ArrayBuffer[] {
  return [
    result.flags,
    result.lines,
    result.jsonStart,
    result.jsonEnd,
    result.keyCounts,
    result.keyKinds,
    result.keyEnds,
  ].map((array) => array.buffer as ArrayBuffer);
}
