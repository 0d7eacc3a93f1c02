/** The Management API client: the one place that builds URLs, paces requests, retries and maps errors. */
export { ManagementClient, type ApiCredentials, type ClientOptions, type CredentialSource } from './client';
export {
  ManagementApi,
  importForm,
  type CallOptions,
  type ExportJobParams,
  type ImportJobParams,
  type SearchUsersParams,
} from './management-api';
export {
  ApiError,
  explainProblem,
  isApiError,
  type ApiProblem,
  type ApiProblemKind,
  type ProblemExplanation,
} from './problems';
export { planPresets, type PlanPreset } from './rate-limit';
export { apiBaseForDomain, normaliseApiBase } from './url';
export type * from './types';
