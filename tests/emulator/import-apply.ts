import { randomBytes } from 'node:crypto';
import { redactRecord, validateImportRecord } from './import-validate';
import type { TenantState } from './state';
import type { ImportUserError, TenantConnection, TenantJob, TenantUser } from './types';

/** What an upsert may change on an existing user (auth0-facts section 1); everything else is left alone. */
const upsertable = [
  'email_verified',
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'app_metadata',
  'user_metadata',
];

export const existingUserMessage = 'The user already exist and upsert parameter is false';

type ImportRecord = Record<string, unknown>;

function newUser(record: ImportRecord, connection: TenantConnection, now: string): TenantUser {
  const bareId = typeof record.user_id === 'string' ? record.user_id : randomBytes(12).toString('hex');
  const email = String(record.email).toLowerCase();
  const user: TenantUser = {
    user_id: `auth0|${bareId}`, // Auth0 prepends auth0| even when the id already starts with it
    email,
    email_verified: record.email_verified === true,
    name: typeof record.name === 'string' ? record.name : email,
    nickname: typeof record.nickname === 'string' ? record.nickname : email.split('@')[0],
    picture:
      typeof record.picture === 'string'
        ? record.picture
        : `https://avatars.example/${email.split('@')[0]}.png`,
    created_at: now,
    updated_at: now,
    logins_count: 0,
    identities: [{ connection: connection.name, provider: 'auth0', user_id: bareId, isSocial: false }],
    user_metadata: (record.user_metadata as Record<string, unknown>) ?? {},
    app_metadata: (record.app_metadata as Record<string, unknown>) ?? {},
  };
  for (const key of [
    'given_name',
    'family_name',
    'username',
    'phone_number',
    'phone_verified',
    'blocked',
  ] as const) {
    if (record[key] !== undefined) (user as unknown as Record<string, unknown>)[key] = record[key];
  }
  return user;
}

function upsertUser(user: TenantUser, record: ImportRecord, now: string): void {
  const target = user as unknown as Record<string, unknown>;
  // Metadata is replaced, never merged: assigning the whole object does exactly that.
  for (const key of upsertable) if (record[key] !== undefined) target[key] = structuredClone(record[key]);
  user.updated_at = now;
}

/** Conflicts that only the tenant's data can reveal; undefined when the record may be written. */
function conflict(
  state: TenantState,
  record: ImportRecord,
  connection: TenantConnection,
  existing?: TenantUser,
) {
  if (existing) return undefined;
  if (typeof record.user_id === 'string' && state.users.has(`auth0|${record.user_id}`)) {
    return {
      code: 'CONFLICT',
      message: `A user with user_id auth0|${record.user_id} already exists`,
      path: 'user_id',
    };
  }
  if (typeof record.username === 'string') {
    for (const u of state.users.values()) {
      if (u.username === record.username && u.identities[0]?.connection === connection.name) {
        return {
          code: 'CONFLICT_USERNAME',
          message: `The username ${record.username} is already taken`,
          path: 'username',
        };
      }
    }
  }
  return undefined;
}

/** Applies a parsed file to the tenant; returns the per-user errors and fills the job's summary. */
export function applyImport(
  state: TenantState,
  job: TenantJob,
  records: unknown[],
  connection: TenantConnection,
): void {
  const errors: ImportUserError[] = [];
  const seen = new Set<string>();
  const summary = { failed: 0, updated: 0, inserted: 0, total: records.length };
  const now = new Date().toISOString();
  for (const raw of records) {
    const fail = (list: ImportUserError['errors']) => {
      errors.push({ user: redactRecord(raw), errors: list });
      summary.failed++;
    };
    const problems = validateImportRecord(raw);
    if (problems.length) {
      fail(problems);
      continue;
    }
    const record = raw as ImportRecord;
    const email = String(record.email).toLowerCase();
    if (seen.has(email)) {
      fail([{ code: 'DUPLICATED_USER', message: 'Duplicated user in the same file', path: 'email' }]);
      continue;
    }
    seen.add(email);
    const existing = state.userByEmail(connection.name, email);
    if (existing && !job.upsert) {
      fail([{ code: 'DUPLICATED_USER', message: existingUserMessage, path: 'email' }]);
      continue;
    }
    const clash = conflict(state, record, connection, existing);
    if (clash) {
      fail([clash]);
      continue;
    }
    if (existing) {
      upsertUser(existing, record, now);
      summary.updated++;
    } else {
      const user = newUser(record, connection, now);
      state.users.set(user.user_id, user);
      summary.inserted++;
    }
  }
  job.errors = errors;
  job.summary = summary;
}
