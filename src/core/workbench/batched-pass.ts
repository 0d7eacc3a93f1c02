/** How a file's pass hands its batches to batch checkers and applies their results (see batched-read.ts). */
import type { RecordCounts } from '../findings';
import { applyBatch, type BatchApplyContext } from './batch-apply';
import type { BatchCheckers, BatchJson, BatchResult } from './batch-contract';
import type { BatchPlan } from './batched-read';
import type { RecordBatch } from './batch-contract';
import type { FixCount, RecordCheckOptions } from './contract';
import type { FilePassContext } from './file-pass';
import type { DuplicateResolver } from './split-check';
import { estimateFromSample } from './file-estimate';

export interface BatchedPass {
  checkers: BatchCheckers;
  /** The run's duplicate memory, shared with the checker of the files read record by record. */
  resolver: DuplicateResolver;
  options: RecordCheckOptions;
  json: BatchJson;
  batchBytes?: number;
}

/**
 * After a file's first batch, room in the duplicate index for the keys the whole file likely holds
 * (`estimateFromSample`): the index then never grows while the file is read. A gzip file's size undercounts, which
 * only means growing later.
 */
function reserveForFile(
  resolver: DuplicateResolver,
  result: BatchResult,
  batch: RecordBatch,
  fileBytes: number,
): void {
  const sample = batch.bytes.length;
  if (sample === 0) return;
  resolver.reserve(estimateFromSample(result.keyHashes.length / 2, sample, fileBytes));
}

/** The plan for one file: requests carry its name and options; results are applied to its counts and outputs. */
export function batchPlan(
  context: FilePassContext,
  parallel: BatchedPass,
  counts: RecordCounts,
  fixes: Map<string, FixCount>,
): BatchPlan {
  const applyContext: BatchApplyContext = {
    file: context.name,
    counts,
    fixes,
    addFinding: (finding) => {
      context.store.add(finding, context.fileIndex);
      context.onFindingCounted(finding);
    },
    output: context.output,
    splitBytes: context.splitBytes,
    resolver: parallel.resolver,
    fix: parallel.options.fix,
  };
  return {
    checkers: parallel.checkers,
    batchBytes: parallel.batchBytes,
    request: (batch, seq) => ({
      seq,
      file: context.name,
      bytes: batch.bytes,
      byteOffset: batch.byteOffset,
      firstLine: batch.firstLine,
      firstRecord: batch.firstRecord,
      records: batch.records,
      elements: batch.elements,
      options: parallel.options,
      json: parallel.json,
    }),
    apply: (result, batch) => {
      if (batch.firstRecord === 0) reserveForFile(parallel.resolver, result, batch, context.blob.size);
      applyBatch(result, batch, applyContext);
    },
  };
}
