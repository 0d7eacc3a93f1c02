/**
 * Management API response shapes Ferry relies on, and guards that check them at the boundary. Fields Ferry does not
 * read stay available as `unknown` values; nothing here is `any`.
 */

export type JsonObject = Record<string, unknown>;

/** The connection options Ferry reads (Auth0 sends many more, left out here). */
export interface ConnectionOptions {
  /** A custom database: Auth0 calls the connection's own scripts instead of its user store. */
  enabledDatabaseCustomization?: boolean;
  /** "Import Users to Auth0": a custom database that migrates users; the only kind of custom DB Auth0 imports into. */
  import_mode?: boolean;
}

/** A connection as GET /connections returns it (only the fields Ferry reads are typed). */
export interface Connection {
  id: string;
  name: string;
  strategy: string;
  display_name?: string;
  options?: ConnectionOptions;
}

/** A client (application) a connection is enabled for. */
export interface ConnectionClient {
  client_id: string;
}

/** A user from GET /users or /users-by-email: `user_id` is always present; the rest depends on `fields`. */
export type User = JsonObject & { user_id: string };

/** GET /users?include_totals=true. */
export interface UserPage {
  start: number;
  limit: number;
  length: number;
  total: number;
  users: User[];
}

/** Documented statuses plus the ones seen in the wild; any other value means "still running". */
export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'expired' | (string & {});

export interface JobSummary {
  failed: number;
  updated: number;
  inserted: number;
  total: number;
}

/** GET /jobs/{id}, and the 202 answer of creating a job. */
export interface Job {
  id: string;
  type: string;
  status: JobStatus;
  connection_id?: string;
  connection?: string;
  created_at?: string;
  external_id?: string;
  upsert?: boolean;
  send_completion_email?: boolean;
  percentage_done?: number;
  time_left_seconds?: number;
  status_details?: string;
  summary?: JobSummary;
  /** Exports only: a signed gzip URL valid for about 60 s. */
  location?: string;
  format?: 'json' | 'csv';
}

/** One entry of GET /jobs/{id}/errors. */
export interface JobUserError {
  user: JsonObject;
  errors: { code: string; message: string; path: string }[];
}

/** Thrown by guards; the client turns it into an UnexpectedResponse problem. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(record: JsonObject, key: string, what: string): string {
  const value = record[key];
  if (typeof value !== 'string') throw new ShapeError(`${what} has no string "${key}"`);
  return value;
}

function optional<T>(value: unknown, check: (v: unknown) => v is T): T | undefined {
  return check(value) ? value : undefined;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

export function toConnection(value: unknown): Connection {
  if (!isObject(value)) throw new ShapeError('A connection is not an object');
  return {
    id: requireString(value, 'id', 'A connection'),
    name: requireString(value, 'name', 'A connection'),
    strategy: requireString(value, 'strategy', 'A connection'),
    display_name: optional(value.display_name, isString),
    options: toConnectionOptions(value.options),
  };
}

function toConnectionOptions(value: unknown): ConnectionOptions | undefined {
  if (!isObject(value)) return undefined;
  const options: ConnectionOptions = {};
  const custom = optional(value.enabledDatabaseCustomization, isBoolean);
  const importMode = optional(value.import_mode, isBoolean);
  if (custom !== undefined) options.enabledDatabaseCustomization = custom;
  if (importMode !== undefined) options.import_mode = importMode;
  return options;
}

export function toConnectionClient(value: unknown): ConnectionClient {
  if (!isObject(value)) throw new ShapeError('A connection client is not an object');
  return { client_id: requireString(value, 'client_id', 'A connection client') };
}

export function toUser(value: unknown): User {
  if (!isObject(value)) throw new ShapeError('A user is not an object');
  return { ...value, user_id: requireString(value, 'user_id', 'A user') };
}

function toSummary(value: unknown): JobSummary | undefined {
  if (!isObject(value)) return undefined;
  const count = (key: string) => (isNumber(value[key]) ? value[key] : 0);
  return {
    failed: count('failed'),
    updated: count('updated'),
    inserted: count('inserted'),
    total: count('total'),
  };
}

export function toJob(value: unknown): Job {
  if (!isObject(value)) throw new ShapeError('A job is not an object');
  const format = value.format === 'json' || value.format === 'csv' ? value.format : undefined;
  return {
    id: requireString(value, 'id', 'A job'),
    type: requireString(value, 'type', 'A job'),
    status: requireString(value, 'status', 'A job'),
    connection_id: optional(value.connection_id, isString),
    connection: optional(value.connection, isString),
    created_at: optional(value.created_at, isString),
    external_id: optional(value.external_id, isString),
    upsert: optional(value.upsert, isBoolean),
    send_completion_email: optional(value.send_completion_email, isBoolean),
    percentage_done: optional(value.percentage_done, isNumber),
    time_left_seconds: optional(value.time_left_seconds, isNumber),
    status_details: optional(value.status_details, isString),
    summary: toSummary(value.summary),
    location: optional(value.location, isString),
    format,
  };
}

export function toJobUserError(value: unknown): JobUserError {
  if (!isObject(value)) throw new ShapeError('A job error entry is not an object');
  const user = isObject(value.user) ? value.user : {};
  const list = Array.isArray(value.errors) ? value.errors : [];
  const errors = list.filter(isObject).map((entry) => ({
    code: isString(entry.code) ? entry.code : '',
    message: isString(entry.message) ? entry.message : '',
    path: isString(entry.path) ? entry.path : '',
  }));
  return { user, errors };
}

/** Reads an array body (or the named array inside an object body) and converts each item. */
export function arrayOf<T>(body: unknown, convert: (item: unknown) => T, key?: string): T[] {
  const list = Array.isArray(body) ? body : key && isObject(body) ? body[key] : undefined;
  if (!Array.isArray(list)) throw new ShapeError(`Expected a list${key ? ` of ${key}` : ''}`);
  return list.map(convert);
}
