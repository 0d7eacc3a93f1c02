/**
 * What each import field must look like, in plain language: the vocabulary the findings are written in.
 * Keys are field paths with array indexes removed (`mfa_factors.totp.secret`).
 */
import { hmacDigests } from '../schema/import-user-schema';

export interface FieldGuide {
  /** What a valid value is, completing "it must be ...". */
  shape: string;
  /** A valid example, shown in hints. */
  example?: string;
  /** Never echo the value (hashes, keys, salts, MFA secrets). */
  secret?: boolean;
}

const emailGuide: FieldGuide = { shape: 'a valid email address', example: 'jane.doe@example.com' };
const phoneGuide: FieldGuide = {
  shape: 'an E.164 phone number: "+" and up to 15 digits, no spaces or dashes',
  example: '+14155550123',
};
const secretText: FieldGuide = { shape: 'a non-empty text', secret: true };

export const fieldGuides: Readonly<Record<string, FieldGuide>> = {
  email: emailGuide,
  phone_number: phoneGuide,
  user_id: { shape: 'a non-empty text without the "auth0|" prefix', example: '5f1a2b3c' },
  username: { shape: 'a name of 1-128 characters that is not an email address', example: 'jane_doe' },
  given_name: { shape: 'a text of 1-150 characters', example: 'Jane' },
  family_name: { shape: 'a text of 1-150 characters', example: 'Doe' },
  name: { shape: 'a text of 1-150 characters', example: 'Jane Doe' },
  nickname: { shape: 'a text of 1-350 characters', example: 'jd' },
  picture: { shape: 'an http(s) URL', example: 'https://example.com/avatars/jane.png' },
  password_hash: {
    shape: 'a bcrypt hash: "$2a$" or "$2b$", a two-digit cost, "$" and 53 characters of salt and hash',
    example: '$2b$10$ followed by 53 characters',
    secret: true,
  },
  'custom_password_hash.hash.value': secretText,
  'custom_password_hash.hash.key.value': secretText,
  'custom_password_hash.salt.value': secretText,
  'custom_password_hash.hash.key': {
    shape: 'an object {"value": "<key>", "encoding": "utf8"}',
    example: '{"value": "the-hmac-secret", "encoding": "utf8"}',
  },
  'custom_password_hash.hash.digest': { shape: `one of ${hmacDigests.join(', ')}`, example: 'sha256' },
  'custom_password_hash.keylen': { shape: 'the derived key length in bytes, a whole number', example: '64' },
  'custom_password_hash.cost': { shape: 'a power of two (scrypt default 16384)', example: '16384' },
  'mfa_factors.totp.secret': {
    shape: 'base32 without padding: capital letters A-Z and digits 2-7 only',
    example: 'JBSWY3DPEHPK3PXP',
    secret: true,
  },
  'mfa_factors.phone.value': phoneGuide,
  'mfa_factors.email.value': emailGuide,
};

/** What a hash value must look like for each algorithm whose value has a fixed text format. */
export const hashValueShapes: Readonly<Record<string, string>> = {
  argon2: 'a PHC string like "$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>"',
  bcrypt: 'a bcrypt hash starting with "$2a$", "$2b$" or "$2y$" (60 characters)',
  ldap: 'an RFC 2307 value like "{SSHA}<base64>" ({MD5}, {SMD5}, {SHA*}, {SSHA*}; {CRYPT} is not supported)',
  pbkdf2: 'a PHC string like "$pbkdf2-sha512$i=100000,l=64$<salt>$<hash>" (unpadded base64)',
};

/** What a value must look like in a given encoding. */
export const encodedValueShapes: Readonly<Record<string, string>> = {
  hex: 'hexadecimal (pairs of 0-9, a-f)',
  base64: 'base64 (A-Z, a-z, 0-9, +, /, optional = padding)',
};

/** The field's guide, or a generic one. */
export function guideFor(field: string): FieldGuide {
  return fieldGuides[field] ?? { shape: 'a valid value' };
}

/** A short, safe rendering of a value for a message: never secrets, never more than ~40 characters. */
export function previewValue(value: unknown, secret = false): string {
  if (secret && value !== undefined) return '(value hidden)';
  if (typeof value === 'string') {
    const clipped = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(clipped);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** "a text", "a number", ... for type errors. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${previewValue(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** The JSON Schema type names as a user would say them. */
export function expectedType(type: unknown): string {
  const names: Record<string, string> = {
    string: 'a text in quotes',
    boolean: 'true or false (without quotes)',
    object: 'an object ({...})',
    array: 'a list ([...])',
    integer: 'a whole number',
    number: 'a number',
  };
  return typeof type === 'string' ? (names[type] ?? type) : String(type);
}
