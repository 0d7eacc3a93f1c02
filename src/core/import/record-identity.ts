/** The keys that identify a user in a record: how error entries and tenant users are matched back to records. */
import type { PlannedRecord } from './types';

export interface RecordIdentity {
  /** Lower-cased, as Auth0 stores it. */
  email: string | null;
  /** Without the `auth0|` that the import prepends. */
  userId: string | null;
  username: string | null;
}

const stringAt = (value: Record<string, unknown>, key: string): string | null =>
  typeof value[key] === 'string' && value[key] !== '' ? value[key] : null;

/** The identity of a parsed user object (anything else has none). */
export function identityOfValue(value: unknown): RecordIdentity {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { email: null, userId: null, username: null };
  }
  const user = value as Record<string, unknown>;
  const email = stringAt(user, 'email');
  const userId = stringAt(user, 'user_id');
  return {
    email: email === null ? null : email.toLowerCase(),
    userId: userId === null ? null : userId.replace(/^auth0\|/, ''),
    username: stringAt(user, 'username'),
  };
}

/** The identity of a planned record; a record whose text does not parse has none. */
export function identityOf(record: PlannedRecord): RecordIdentity {
  try {
    return identityOfValue(JSON.parse(record.json));
  } catch {
    return { email: null, userId: null, username: null };
  }
}
