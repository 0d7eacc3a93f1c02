/**
 * Running an import into an Auth0 tenant: plan chunks, run them as jobs (resumable), account for every record, build
 * reports. Pure: the world comes in through the ports (ports.ts), implemented by src/api and src/db.
 */
export type * from './types';
export type * from './ports';
export { emptyOutcomeCounts, isActiveChunk, isFinalChunk } from './types';
export { planChunks, type PlanInput, type ImportPlan, type PlanListener } from './plan-chunks';
export { jsonArrayPartBytes, jsonArrayPartText } from '../formats/json-array-part';
export { planWithPayloads, type PartPayload, type PlanWithPayloads } from './plan-payloads';
export {
  createImportRun,
  defaultImportOptions,
  generateExternalId,
  defaultChunkBytes,
  maxChunkBytes,
  type NewRunInput,
} from './create-run';
export { runImport, type RunImportOptions } from './run-import';
export { uncertainStrategyText, type UncertainStrategy } from './resolve-uncertain';
export { defaultSchedulerPolicy, type SchedulerPolicy } from './scheduler-policy';
export { classifyPortError, type PortFailure } from './port-errors';
export { mapJobOutcomes, matchErrorEntries, type FinishedJob, type JobOutcome } from './job-results';
export {
  explainAuth0Error,
  explainFailedJob,
  fieldFromPath,
  type ExplainedError,
} from './error-explanations';
export { checkAccounting, countTotal, type AccountingReport } from './accounting';
export {
  reportRow,
  reportColumns,
  runReportCsv,
  runReportJson,
  jobSummaryRows,
  jobSummaryCsv,
  type OutcomePages,
  type ReportRow,
  type JobSummaryRow,
} from './run-reports';
export {
  failedByChunk,
  failedRecordsFile,
  pickedFilesPayloadSource,
  type FailedByChunk,
  type FailedRecordsFile,
  type PickedFile,
} from './failed-records';
export { notImportedRows, type NotImported } from './not-imported';
export { computeProgress, type RunProgress, type ChunkProgress } from './progress';
export { importOptionText, type OptionText } from './options-text';
export { memoryPayloadSource } from './memory-payload-source';
