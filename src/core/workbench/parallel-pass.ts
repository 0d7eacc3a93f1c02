/** How a file's pass hands NDJSON batches to batch checkers and applies their results (see batched-read.ts). */
import type { RecordCounts } from '../findings';
import { applyBatch, type BatchApplyContext } from './batch-apply';
import type { BatchCheckers, BatchJson } from './batch-contract';
import type { BatchPlan } from './batched-read';
import type { FixCount, RecordCheckOptions } from './contract';
import type { FilePassContext } from './file-pass';
import type { DuplicateResolver } from './split-check';

export interface ParallelPass {
  checkers: BatchCheckers;
  /** The run's duplicate memory, shared with the checker used for the records read on this thread. */
  resolver: DuplicateResolver;
  options: RecordCheckOptions;
  json: BatchJson;
  batchBytes?: number;
}

/** The plan for one file: requests carry its name and options; results are applied to its counts and outputs. */
export function batchPlan(
  context: FilePassContext,
  parallel: ParallelPass,
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
      options: parallel.options,
      json: parallel.json,
    }),
    apply: (result, batch) => applyBatch(result, batch, applyContext),
  };
}
