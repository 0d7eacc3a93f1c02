/**
 * The top-level keys of an Auth0 import record and what each holds (auth0-facts section 1). The JSON Schema is the
 * authority for validation; this table drives what needs a type before validation: typing CSV cells and mapping the
 * extension's column names back.
 */
export type ImportFieldType = 'string' | 'boolean' | 'object' | 'array';

export const importFieldTypes = {
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
} as const satisfies Record<string, ImportFieldType>;

export type ImportField = keyof typeof importFieldTypes;

export const importFields = Object.keys(importFieldTypes) as ImportField[];

/** Fields that an upsert may change on an existing user (auth0-facts section 1). */
export const upsertableFields: readonly ImportField[] = [
  'email_verified',
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'custom_password_hash',
  'app_metadata',
  'user_metadata',
];

/** Keys an Auth0 export carries that an import rejects. */
export const exportOnlyKeys = [
  'created_at',
  'updated_at',
  'identities',
  'last_login',
  'last_ip',
  'logins_count',
  'multifactor',
  'multifactor_last_modified',
  'last_password_reset',
] as const;

/** The extension's default export columns (auth0-facts section 6), mapped back to import keys where one exists. */
export const extensionColumnNames: Readonly<Record<string, ImportField | null>> = {
  Id: 'user_id',
  'Given Name': 'given_name',
  'Family Name': 'family_name',
  Nickname: 'nickname',
  Name: 'name',
  Email: 'email',
  'Email Verified': 'email_verified',
  Picture: 'picture',
  // These describe the user in the source tenant; an import has no such key.
  Connection: null,
  'Created At': null,
  'Updated At': null,
};
