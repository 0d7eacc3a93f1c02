/**
 * Ferry's own JSON Schema (draft-07) for one user of an Auth0 bulk import file (auth0-facts section 1).
 *
 * It is compiled at build time (scripts/build-validators.ts) into standalone code, so the page never compiles a schema
 * at run time (no eval under the CSP). The rules that a schema cannot state (duplicates, sizes, whitespace warnings)
 * live in src/core/rules. Keep the error-producing keywords simple (no anyOf/oneOf): every Ajv error here is turned
 * into one plain-language finding by src/core/rules/schema-findings.ts.
 */

/** Algorithms `custom_password_hash.algorithm` accepts. */
export const passwordHashAlgorithms = [
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
] as const;

/** Digests `hash.digest` accepts for hmac. */
export const hmacDigests = [
  'md4',
  'md5',
  'ripemd160',
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'whirlpool',
];

/** Keys Auth0 reserves inside app_metadata. */
export const reservedAppMetadataKeys = [
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

/** Patterns shared by the schema and the messages that explain them. */
export const patterns = {
  e164: '^\\+[0-9]{1,15}$',
  emailLocalPart: '^[^@]{1,64}@',
  bcrypt: '^\\$2[ab]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}$',
  bcryptCustom: '^\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}$',
  argon2:
    '^\\$argon2(?:id|i|d)\\$(?:v=[0-9]+\\$)?m=[0-9]+,t=[0-9]+,p=[0-9]+\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+$',
  pbkdf2:
    '^\\$pbkdf2-(?:md4|md5|ripemd160|sha1|sha224|sha256|sha384|sha512|whirlpool)\\$i=[0-9]+,l=[0-9]+\\$[A-Za-z0-9+/.]+\\$[A-Za-z0-9+/.]+$',
  // RFC 2307 schemes Auth0 reads; {CRYPT} is deliberately absent. Scheme names are case-insensitive.
  ldap: '^\\{(?:[Ss]?[Mm][Dd]5|[Ss]?[Ss][Hh][Aa](?:256|384|512)?)\\}[A-Za-z0-9+/]+={0,2}$',
  hex: '^(?:[0-9A-Fa-f]{2})+$',
  // Node's base64 decoder also reads the URL-safe alphabet; padding is optional.
  base64: '^[A-Za-z0-9+/_-]+={0,2}$',
  totpSecret: '^[A-Z2-7]+$',
  // Metadata keys (at any depth) must not contain '.' or '$'.
  metadataKey: '^[^.$]*$',
} as const;

const stringOf = (minLength: number, maxLength: number) => ({ type: 'string', minLength, maxLength });
const booleanField = { type: 'boolean' };
const textEncodings = ['base64', 'hex', 'utf8'];

/** `value` must decode in the encoding the object names. */
const valueMatchesEncoding = [
  {
    if: { required: ['encoding'], properties: { encoding: { const: 'hex' } } },
    then: { properties: { value: { pattern: patterns.hex } } },
  },
  {
    if: { required: ['encoding'], properties: { encoding: { const: 'base64' } } },
    then: { properties: { value: { pattern: patterns.base64 } } },
  },
];

const hashObject = {
  type: 'object',
  additionalProperties: false,
  required: ['value'],
  properties: {
    value: { type: 'string', minLength: 1 },
    encoding: { enum: textEncodings },
    digest: { enum: hmacDigests },
    key: {
      type: 'object',
      additionalProperties: false,
      required: ['value'],
      properties: { value: { type: 'string', minLength: 1 }, encoding: { enum: textEncodings } },
      allOf: valueMatchesEncoding,
    },
  },
  allOf: valueMatchesEncoding,
};

const saltObject = {
  type: 'object',
  additionalProperties: false,
  required: ['value'],
  properties: {
    value: { type: 'string', minLength: 1 },
    encoding: { enum: textEncodings },
    position: { enum: ['prefix', 'suffix'] },
  },
  allOf: valueMatchesEncoding,
};

/** A then-branch: hash.encoding limited to `encodings`, hash.value matching `pattern`, and optionally no salt. */
function algorithmRule(
  algorithms: readonly string[],
  rule: { encodings: string[]; valuePattern?: string; noSalt?: boolean; hashRequired?: string[] },
) {
  const hash: Record<string, unknown> = {
    properties: {
      encoding: { enum: rule.encodings },
      ...(rule.valuePattern ? { value: { pattern: rule.valuePattern } } : {}),
    },
  };
  if (rule.hashRequired) hash.required = rule.hashRequired;
  const properties: Record<string, unknown> = { hash };
  if (rule.noSalt) properties.salt = false;
  const algorithm = algorithms.length === 1 ? { const: algorithms[0] } : { enum: [...algorithms] };
  return { if: { required: ['algorithm'], properties: { algorithm } }, then: { properties } };
}

// scrypt's cost must be a power of two; an enum keeps that inside the schema.
const powersOfTwo = Array.from({ length: 30 }, (_unused, i) => 2 ** (i + 1));

const customPasswordHash = {
  type: 'object',
  additionalProperties: false,
  required: ['algorithm', 'hash'],
  properties: {
    algorithm: { enum: [...passwordHashAlgorithms] },
    hash: hashObject,
    salt: saltObject,
    password: {
      type: 'object',
      additionalProperties: false,
      properties: { encoding: { enum: ['ascii', 'utf8', 'utf16le', 'ucs2', 'latin1', 'binary'] } },
    },
    keylen: { type: 'integer', minimum: 1 },
    cost: { type: 'integer', minimum: 1 },
    blockSize: { type: 'integer', minimum: 1 },
    parallelization: { type: 'integer', minimum: 1 },
  },
  allOf: [
    algorithmRule(['argon2'], { encodings: ['utf8'], valuePattern: patterns.argon2, noSalt: true }),
    algorithmRule(['bcrypt'], { encodings: ['utf8'], valuePattern: patterns.bcryptCustom }),
    algorithmRule(['ldap'], { encodings: ['utf8'], valuePattern: patterns.ldap, noSalt: true }),
    algorithmRule(['pbkdf2'], { encodings: ['utf8'], valuePattern: patterns.pbkdf2, noSalt: true }),
    algorithmRule(['hmac'], { encodings: ['hex', 'base64'], hashRequired: ['digest', 'key'] }),
    algorithmRule(['md4', 'md5', 'sha1', 'sha256', 'sha512'], { encodings: ['hex', 'base64'] }),
    algorithmRule(['scrypt'], { encodings: ['hex', 'base64'] }),
    {
      if: { required: ['algorithm'], properties: { algorithm: { const: 'scrypt' } } },
      then: { required: ['keylen'], properties: { cost: { enum: powersOfTwo } } },
    },
  ],
};

const mfaFactor = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    totp: {
      type: 'object',
      additionalProperties: false,
      required: ['secret'],
      properties: { secret: { type: 'string', pattern: patterns.totpSecret } },
    },
    phone: {
      type: 'object',
      additionalProperties: false,
      required: ['value'],
      properties: { value: { type: 'string', pattern: patterns.e164 } },
    },
    email: {
      type: 'object',
      additionalProperties: false,
      required: ['value'],
      properties: { value: { type: 'string', format: 'email' } },
    },
  },
};

/** The import user schema. `definitions.metadataValue` recurses so that keys at every depth are checked. */
export const importUserSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://ferry.local/schemas/auth0-import-user.json',
  title: 'Auth0 bulk import user',
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', maxLength: 254, pattern: patterns.emailLocalPart, format: 'email' },
    email_verified: booleanField,
    phone_number: { type: 'string', pattern: patterns.e164 },
    phone_verified: booleanField,
    user_id: { type: 'string', minLength: 1 },
    username: { ...stringOf(1, 128), not: { format: 'email' } },
    given_name: stringOf(1, 150),
    family_name: stringOf(1, 150),
    name: stringOf(1, 150),
    nickname: stringOf(1, 350),
    picture: { type: 'string', format: 'url' },
    blocked: booleanField,
    password_hash: { type: 'string', pattern: patterns.bcrypt },
    custom_password_hash: customPasswordHash,
    app_metadata: {
      type: 'object',
      propertyNames: { not: { enum: reservedAppMetadataKeys } },
      allOf: [{ $ref: '#/definitions/metadataValue' }],
    },
    user_metadata: { type: 'object', allOf: [{ $ref: '#/definitions/metadataValue' }] },
    mfa_factors: { type: 'array', minItems: 1, maxItems: 10, items: mfaFactor },
  },
  // password_hash and custom_password_hash exclude each other.
  dependencies: { password_hash: { not: { required: ['custom_password_hash'] } } },
  definitions: {
    metadataValue: {
      // Only objects have property names and only arrays have items: no type needed, so no noise for scalars.
      propertyNames: { pattern: patterns.metadataKey },
      additionalProperties: { $ref: '#/definitions/metadataValue' },
      items: { $ref: '#/definitions/metadataValue' },
    },
  },
} as const;
