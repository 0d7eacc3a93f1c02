import type { ImportErrorDetail } from './types';

/**
 * Per-record checks of an import file, written independently of the app's Ajv schema so the emulator can catch
 * the app's validator missing something. Codes and messages follow Auth0's (z-schema style, auth0-facts section 2).
 */
type Kind = 'string' | 'boolean' | 'object' | 'array';
const fieldKinds: Record<string, Kind> = {
  email: 'string',
  email_verified: 'boolean',
  phone_number: 'string',
  phone_verified: 'boolean',
  user_id: 'string',
  username: 'string',
  given_name: 'string',
  family_name: 'string',
  name: 'string',
  nickname: 'string',
  picture: 'string',
  blocked: 'boolean',
  password_hash: 'string',
  custom_password_hash: 'object',
  app_metadata: 'object',
  user_metadata: 'object',
  mfa_factors: 'array',
};
const lengths: Record<string, [number, number]> = {
  given_name: [1, 150],
  family_name: [1, 150],
  name: [1, 150],
  nickname: [1, 350],
  username: [1, 128],
  user_id: [1, 255],
  email: [1, 254],
};
const reservedAppMetadata = [
  '__tenant',
  '_id',
  'blocked',
  'clientID',
  'created_at',
  'email_verified',
  'email',
  'globalClientID',
  'global_client_id',
  'identities',
  'lastIP',
  'lastLogin',
  'loginsCount',
  'metadata',
  'multifactor_last_modified',
  'multifactor',
  'updated_at',
  'user_id',
];
const hashAlgorithms = [
  'argon2',
  'bcrypt',
  'hmac',
  'ldap',
  'md4',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'pbkdf2',
  'scrypt',
];
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const kindOf = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'integer'
          : 'number'
        : typeof v;
const err = (code: string, message: string, path: string): ImportErrorDetail => ({ code, message, path });

function checkLength(key: string, value: string, out: ImportErrorDetail[]): void {
  const range = lengths[key];
  if (!range) return;
  if (value.length < range[0])
    out.push(err('MIN_LENGTH', `String is too short (${value.length} chars), minimum ${range[0]}`, key));
  if (value.length > range[1])
    out.push(err('MAX_LENGTH', `String is too long (${value.length} chars), maximum ${range[1]}`, key));
}

function checkString(key: string, value: string, out: ImportErrorDetail[]): void {
  checkLength(key, value, out);
  if (key === 'email' && (!emailPattern.test(value) || value.split('@')[0].length > 64)) {
    out.push(err('FORMAT', `Object didn't pass validation for format email: ${value}`, key));
  }
  if (key === 'phone_number' && !/^\+[0-9]{1,15}$/.test(value)) {
    out.push(err('PATTERN', `String does not match pattern ^\\+[0-9]{1,15}$: ${value}`, key));
  }
  if (key === 'password_hash' && !/^\$2[ab]\$10\$[./A-Za-z0-9]{53}$/.test(value)) {
    out.push(
      err('PATTERN', 'String does not match pattern ^\\$2[ab]\\$10\\$[./A-Za-z0-9]{53}$: [REDACTED]', key),
    );
  }
  if (key === 'username' && emailPattern.test(value)) {
    out.push(err('FORMAT', `Object didn't pass validation for format username: ${value}`, key));
  }
  if (key === 'user_id' && /\s/.test(value))
    out.push(err('PATTERN', `String does not match pattern ^\\S+$: ${value}`, key));
}

function checkMetadata(key: string, value: Record<string, unknown>, out: ImportErrorDetail[]): void {
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (/[.$]/.test(k))
        out.push(err('PATTERN', `Metadata key "${k}" must not contain "." or "$"`, `${path}.${k}`));
      walk(v, `${path}.${k}`);
    }
  };
  walk(value, key);
  if (key !== 'app_metadata') return;
  for (const reserved of reservedAppMetadata) {
    if (reserved in value)
      out.push(
        err(
          'NOT_PASSED',
          `app_metadata must not contain the reserved key "${reserved}"`,
          `app_metadata.${reserved}`,
        ),
      );
  }
}

function checkCustomHash(value: Record<string, unknown>, out: ImportErrorDetail[]): void {
  if (!hashAlgorithms.includes(String(value.algorithm))) {
    out.push(
      err(
        'ENUM_MISMATCH',
        `No enum match for: ${JSON.stringify(value.algorithm)}`,
        'custom_password_hash.algorithm',
      ),
    );
  }
  const hash = value.hash as Record<string, unknown> | undefined;
  if (!hash || typeof hash !== 'object' || typeof hash.value !== 'string') {
    out.push(err('OBJECT_REQUIRED', 'Missing required property: value', 'custom_password_hash.hash.value'));
  }
}

function checkMfaFactors(value: unknown[], out: ImportErrorDetail[]): void {
  if (value.length < 1)
    out.push(err('ARRAY_LENGTH_SHORT', `Array is too short (${value.length}), minimum 1`, 'mfa_factors'));
  if (value.length > 10)
    out.push(err('ARRAY_LENGTH_LONG', `Array is too long (${value.length}), maximum 10`, 'mfa_factors'));
  value.forEach((factor, i) => {
    const f = (factor ?? {}) as Record<string, { secret?: unknown; value?: unknown }>;
    const keys = Object.keys(f);
    const ok =
      keys.length === 1 &&
      ((keys[0] === 'totp' && /^[A-Z2-7]+$/.test(String(f.totp?.secret))) ||
        (keys[0] === 'phone' && /^\+[0-9]{1,15}$/.test(String(f.phone?.value))) ||
        (keys[0] === 'email' && emailPattern.test(String(f.email?.value))));
    if (!ok)
      out.push(err('ANY_OF_MISSING', "Data does not match any schemas from 'anyOf'", `mfa_factors[${i}]`));
  });
}

/** Every problem with one record; empty when Auth0 would accept it. */
export function validateImportRecord(record: unknown): ImportErrorDetail[] {
  const out: ImportErrorDetail[] = [];
  if (kindOf(record) !== 'object')
    return [err('INVALID_TYPE', `Expected type object but found type ${kindOf(record)}`, '')];
  const user = record as Record<string, unknown>;
  if (!('email' in user)) out.push(err('OBJECT_REQUIRED', 'Missing required property: email', 'email'));
  for (const [key, value] of Object.entries(user)) {
    const kind = fieldKinds[key];
    if (!kind) {
      out.push(err('OBJECT_ADDITIONAL_PROPERTIES', `Additional properties not allowed: ${key}`, key));
      continue;
    }
    const actual = kindOf(value);
    if (actual !== kind) {
      out.push(err('INVALID_TYPE', `Expected type ${kind} but found type ${actual}`, key));
      continue;
    }
    if (kind === 'string') checkString(key, value as string, out);
    if (key === 'app_metadata' || key === 'user_metadata')
      checkMetadata(key, value as Record<string, unknown>, out);
    if (key === 'custom_password_hash') checkCustomHash(value as Record<string, unknown>, out);
    if (key === 'mfa_factors') checkMfaFactors(value as unknown[], out);
  }
  if ('password_hash' in user && 'custom_password_hash' in user) {
    out.push(
      err(
        'NOT_PASSED',
        'password_hash and custom_password_hash cannot both be given',
        'custom_password_hash',
      ),
    );
  }
  return out;
}

/** The record as the errors endpoint shows it: hash values redacted. */
export function redactRecord(record: unknown): Record<string, unknown> {
  if (kindOf(record) !== 'object') return { value: record };
  const copy = structuredClone(record) as Record<string, unknown>;
  if (typeof copy.password_hash === 'string') copy.password_hash = '[REDACTED]';
  const custom = copy.custom_password_hash as { hash?: { value?: unknown } } | undefined;
  if (custom?.hash && typeof custom.hash === 'object' && 'value' in custom.hash)
    custom.hash.value = '[REDACTED]';
  return copy;
}
