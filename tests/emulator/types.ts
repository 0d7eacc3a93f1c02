/**
 * The shapes the tenant emulator holds and the options it starts with. Records follow Auth0's Management API v2
 * shapes (auth0-facts sections 2-5) so that what the app sees here is what it would see on a real tenant.
 */

/** Rate-limit presets (auth0-facts section 5). `off` disables limiting, for unit-style tests that hammer the API. */
export type PlanPreset = 'free' | 'essentials' | 'professional' | 'enterprise' | 'off';

/** Which scopes a single-page-app login receives: the full admin set (demo) or what Auth0 really grants. */
export type SpaScopes = 'admin' | 'current_user-only';

/** Behaviour switches for points where Auth0 is unverified or where the demo chooses convenience. */
export interface TenantSwitches {
  /** Scopes granted to a PKCE login. Default `admin`; `current_user-only` mimics Auth0. */
  spaScopes: SpaScopes;
  /** Whether the export-file origin answers with CORS headers (unverified for Auth0). Default true. */
  exportFilesCors: boolean;
  /** Whether x-ratelimit-* headers are listed in Access-Control-Expose-Headers. Default true. */
  exposeRateLimitHeaders: boolean;
}

/** Failures injected on demand, from start options or `POST /__admin/faults`. */
export interface TenantFaults {
  /** Added to every matching request before it is answered. */
  latencyMs?: number;
  /** Only requests whose path contains this string get the latency. */
  latencyPath?: string;
  /** The next `count` requests (optionally only those whose path contains `path`) answer `status`. */
  failNext?: { count: number; status: 500 | 503; path?: string; method?: string };
  /** The next `count` matching requests have their socket destroyed without an answer. */
  dropNext?: { count: number; path?: string; method?: string };
  /** The next `count` import jobs fail as a whole (status "failed", errors 204). */
  failNextJobs?: number;
  /** Export locations expire at once (the download answers 403 "Request has expired"). */
  expireExportLinks?: boolean;
  /**
   * User searches (GET /api/v2/users) take this long. At or past `timing.searchTimeoutMs` the search times out:
   * 503 after the timeout, as Auth0 answers a query that does not finish in 2 s.
   */
  slowSearchMs?: number;
  /** Only searches whose `q` contains this string are slow (default: every search). */
  slowSearchQuery?: string;
}

/** How long jobs take, and how long their data lives. */
export interface JobTiming {
  /** Time a job stays `pending` before `processing`. */
  pendingMs: number;
  /** Time a job stays `processing` before it completes. */
  processingMs: number;
  /** Lifetime of an export `location` (Auth0: 60 s). */
  exportLinkTtlMs: number;
  /** Job data (status, errors, files) is removed after this (Auth0: 24 h), by a timer as well as on access. */
  retentionMs: number;
  /** A user search that takes longer is answered 503 at this point (Auth0: 2 s). */
  searchTimeoutMs: number;
}

export interface TenantOptions {
  /** Management API port; 0 (default) picks a free one. */
  port?: number;
  /** Port of the export-file origin; 0 (default) picks a free one. */
  exportFilesPort?: number;
  /** Host to bind; default 127.0.0.1. */
  host?: string;
  /** PRNG seed for the demo data (default 1). */
  seed?: number;
  /** How many demo users to generate (default 10 000). */
  userCount?: number;
  /** Rate-limit preset (default `free`). */
  plan?: PlanPreset;
  /** Origins allowed by CORS; `loopback` (default) allows any http://127.0.0.1:* and http://localhost:* page. */
  allowedOrigins?: string[] | 'loopback';
  switches?: Partial<TenantSwitches>;
  faults?: TenantFaults;
  timing?: Partial<JobTiming>;
}

export interface Identity {
  connection: string;
  provider: string;
  user_id: string;
  isSocial: boolean;
}

/** A stored user, as GET /api/v2/users returns it (hash fields are kept apart and never returned). */
export interface TenantUser {
  user_id: string;
  email: string;
  email_verified: boolean;
  username?: string;
  phone_number?: string;
  phone_verified?: boolean;
  given_name?: string;
  family_name?: string;
  name: string;
  nickname: string;
  picture: string;
  blocked?: boolean;
  created_at: string;
  updated_at: string;
  last_login?: string;
  last_ip?: string;
  logins_count: number;
  identities: Identity[];
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
  multifactor?: string[];
}

export interface TenantConnection {
  id: string;
  name: string;
  display_name: string;
  strategy: string;
  is_domain_connection: boolean;
  realms: string[];
  options: Record<string, unknown>;
  /** Client ids the connection is enabled for (served by /connections/{id}/clients). */
  enabledClients: string[];
}

export interface ImportErrorDetail {
  code: string;
  message: string;
  path: string;
}

export interface ImportUserError {
  user: Record<string, unknown>;
  errors: ImportErrorDetail[];
}

export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed';

export interface ExportField {
  name: string;
  export_as?: string;
}

export interface TenantJob {
  id: string;
  type: 'users_import' | 'users_export';
  status: JobStatus;
  connection_id?: string;
  connection?: string;
  created_at: string;
  /** Epoch ms of creation, for retention and timing. */
  createdMs: number;
  external_id?: string;
  upsert?: boolean;
  send_completion_email?: boolean;
  format?: 'json' | 'csv';
  limit?: number;
  fields?: ExportField[];
  summary?: { failed: number; updated: number; inserted: number; total: number };
  errors: ImportUserError[];
  /** Gzip bytes of a finished export. */
  file?: Uint8Array;
  /** Raw users part of an import, parsed when processing starts. */
  payload?: string;
  failAsWhole?: boolean;
}

/** Counters the admin endpoint reports so browser tests can assert on pacing and concurrency. */
export interface TenantCounters {
  requests: number;
  /** Requests answered 429 by the rate limiter (a client that paces well keeps this at 0). */
  rateLimited: number;
  /** Import requests refused because 2 import jobs were already active. */
  importLimitRefused: number;
  /** Most import jobs pending or processing at the same moment, ever. */
  maxActiveImports: number;
  importsCreated: number;
  exportsCreated: number;
  /** Requests per "METHOD /path" (path without query). */
  byRoute: Record<string, number>;
}
