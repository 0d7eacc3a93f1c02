/** One plain-language finding per (collapsed) Ajv error; see schema-findings.ts. */
import {
  encodedValueShapes,
  describeType,
  expectedType,
  guideFor,
  hashValueShapes,
  previewValue,
} from './field-guide';
import { fixableHint, type Issue } from './issue';
import { pointerSegments, valueAtPointer } from './json-pointer';
import { additionalKeyIssue, metadataKeyIssue, reservedKeyIssue, suggestKey } from './key-messages';
import type { LocatedError } from './schema-findings';

/** `mfa_factors[0].totp.secret`: the field as a person would point at it. */
export function fieldLabel(pointer: string): string {
  let label = '';
  for (const segment of pointerSegments(pointer)) {
    label += /^\d+$/.test(segment) ? `[${segment}]` : label === '' ? segment : `.${segment}`;
  }
  return label || 'The record';
}

/** A key of the object at `objectPointer` that is the missing key in another spelling ("Email" for "email"). */
function similarKeyIn(record: unknown, objectPointer: string, missing: string): string | null {
  const container = valueAtPointer(record, objectPointer);
  if (container === null || typeof container !== 'object') return null;
  return Object.keys(container).find((key) => suggestKey(key, [missing]) === missing) ?? null;
}

function algorithmOf(record: unknown): string | null {
  const algorithm = valueAtPointer(record, '/custom_password_hash/algorithm');
  return typeof algorithm === 'string' ? algorithm : null;
}

function exampleHint(field: string): string {
  const { example } = guideFor(field);
  return example ? ` For example: ${example}` : '';
}

function issue(item: LocatedError, suffix: string, message: string, hint: string): Issue {
  const code = suffix === '' ? item.field : `${item.field}.${suffix}`;
  return { path: item.path, code: code || 'record', severity: 'error', message, hint };
}

function typeIssue(item: LocatedError, fixing: boolean): Issue {
  const expected = item.error.params.type;
  const label = fieldLabel(item.path);
  const boolText =
    expected === 'boolean' && typeof item.value === 'string' && /^(true|false)$/i.test(item.value.trim());
  const hint =
    expected === 'boolean'
      ? `Write true or false without quotes.${boolText && !fixing ? ` ${fixableHint}` : ''}`
      : `Give ${label} as ${expectedType(expected)}.${exampleHint(item.field)}`;
  const shown = guideFor(item.field).secret ? typeof item.value : describeType(item.value);
  return issue(item, 'type', `${label} is ${shown}; it must be ${expectedType(expected)}.`, hint);
}

function requiredIssue(item: LocatedError, record: unknown): Issue {
  const label = fieldLabel(item.path);
  const why: Record<string, string> = {
    email: 'every user needs an email address',
    'custom_password_hash.hash.digest': `algorithm ${algorithmOf(record)} needs the digest`,
    'custom_password_hash.hash.key': `algorithm ${algorithmOf(record)} needs the key`,
    'custom_password_hash.keylen': 'scrypt needs the derived key length',
  };
  const reason = why[item.field] ? `: ${why[item.field]}` : '';
  const { shape } = guideFor(item.field);
  const missing = String(item.error.params.missingProperty);
  const lookalike = similarKeyIn(record, item.error.instancePath, missing);
  const hint = lookalike
    ? `The record has "${lookalike}": rename it to "${missing}".`
    : `Add ${label} (${shape}).${exampleHint(item.field)}`;
  return issue(item, 'required', `${label} is missing${reason}.`, hint);
}

function enumIssue(item: LocatedError, record: unknown): Issue {
  const label = fieldLabel(item.path);
  const params = item.error.params;
  const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
  const inThen = item.error.schemaPath.includes('/then/');
  const context = inThen && algorithmOf(record) ? ` for algorithm ${algorithmOf(record)}` : '';
  const list =
    allowed.length > 12
      ? guideFor(item.field).shape
      : allowed.length === 1
        ? `"${String(allowed[0])}"`
        : `one of ${allowed.join(', ')}`;
  const shown = previewValue(item.value, guideFor(item.field).secret);
  return issue(item, '', `${label} is ${shown}; it must be ${list}${context}.`, `Use ${list}${context}.`);
}

function lengthIssue(item: LocatedError): Issue {
  const label = fieldLabel(item.path);
  const limit = Number(item.error.params.limit);
  const length = typeof item.value === 'string' ? [...item.value].length : 0;
  const tooLong = item.error.keyword === 'maxLength';
  const message = tooLong
    ? `${label} is ${length} characters long; at most ${limit} are allowed.`
    : `${label} is empty; it must have at least ${limit} character${limit === 1 ? '' : 's'}.`;
  const hint = tooLong
    ? `Shorten ${label} to ${limit} characters or fewer.`
    : `Fill in ${label} or leave the key out.`;
  return issue(item, 'length', message, hint);
}

function countIssue(item: LocatedError): Issue {
  const count = Array.isArray(item.value) ? item.value.length : 0;
  return issue(
    item,
    'count',
    `${fieldLabel(item.path)} has ${count} item${count === 1 ? '' : 's'}; it must have 1 to 10.`,
    'Leave mfa_factors out when a user has no factor, and give at most 10.',
  );
}

function factorKindIssue(item: LocatedError): Issue {
  const keys = item.value && typeof item.value === 'object' ? Object.keys(item.value).length : 0;
  return issue(
    item,
    'kind',
    `${fieldLabel(item.path)} names ${keys} kinds of factor; each item must be exactly one of totp, phone or email.`,
    'Write each factor as its own item, e.g. [{"totp":{"secret":"JBSWY3DPEHPK3PXP"}},{"phone":{"value":"+14155550123"}}].',
  );
}

function valueShape(item: LocatedError, record: unknown): string {
  if (item.field.endsWith('.value') && item.field.startsWith('custom_password_hash.')) {
    const algorithm = algorithmOf(record) ?? '';
    if (item.field === 'custom_password_hash.hash.value' && hashValueShapes[algorithm]) {
      return hashValueShapes[algorithm];
    }
    const encoding = valueAtPointer(record, item.path.replace(/\/value$/, '/encoding'));
    return `${encodedValueShapes[String(encoding)] ?? 'valid'}, as its encoding says`;
  }
  return guideFor(item.field).shape;
}

function localPartIssue(item: LocatedError): Issue | null {
  if (item.field !== 'email' || typeof item.value !== 'string' || !item.value.includes('@')) return null;
  const length = [...item.value.slice(0, item.value.lastIndexOf('@'))].length;
  if (length <= 64) return null;
  return issue(
    item,
    'local-part-length',
    `email has ${length} characters before the "@"; at most 64 are allowed.`,
    'Check the address: a part before "@" this long is almost always a data error.',
  );
}

function formatHint(item: LocatedError, label: string, shape: string): string {
  if (item.field === 'password_hash' && typeof item.value === 'string' && item.value.startsWith('$2y$')) {
    return 'password_hash takes $2a$/$2b$ only: send a $2y$ hash as custom_password_hash with algorithm bcrypt.';
  }
  return `Give ${label} as ${shape}.${exampleHint(item.field)}`;
}

function formatIssue(item: LocatedError, record: unknown): Issue {
  if (item.error.keyword === 'pattern') {
    const local = localPartIssue(item);
    if (local) return local;
  }
  const label = fieldLabel(item.path);
  const guide = guideFor(item.field);
  const shape = valueShape(item, record);
  const shownPart = guide.secret ? '' : ` (${previewValue(item.value)})`;
  const algorithm = item.field === 'custom_password_hash.hash.value' ? algorithmOf(record) : null;
  const context = algorithm && hashValueShapes[algorithm] ? ` for algorithm ${algorithm}` : '';
  return issue(
    item,
    'format',
    `${label}${shownPart} is not ${shape}${context}.`,
    formatHint(item, label, shape),
  );
}

function notIssue(item: LocatedError): Issue | null {
  if (item.error.propertyName !== undefined) return reservedKeyIssue(item.error.propertyName, item.path);
  if (item.field === 'username') {
    return issue(
      item,
      'email',
      `username ${previewValue(item.value)} is an email address; a username must not be one.`,
      'Keep the address in email only, and give username a name without "@" (or leave it out).',
    );
  }
  return {
    path: '/password_hash',
    code: 'password_hash.exclusive',
    severity: 'error',
    message: 'password_hash and custom_password_hash are both set; a user can have only one of them.',
    hint: 'Keep password_hash for bcrypt ($2a$/$2b$) hashes, otherwise keep custom_password_hash, and remove the other.',
  };
}

function falseSchemaIssue(item: LocatedError, record: unknown): Issue {
  const algorithm = algorithmOf(record);
  return issue(
    item,
    'not-allowed',
    `${fieldLabel(item.path)} is not allowed with algorithm ${algorithm}: its salt is part of the hash value.`,
    'Remove the salt object; for argon2 and pbkdf2 the salt is inside the PHC string, for ldap inside the {S...} value.',
  );
}

/** The finding for one collapsed Ajv error, or null for an error that only repeats another. */
export function describeError(item: LocatedError, record: unknown, fixing: boolean): Issue | null {
  const { error } = item;
  const objectPointer = error.instancePath;
  switch (error.keyword) {
    case 'type':
      return typeIssue(item, fixing);
    case 'required':
      return requiredIssue(item, record);
    case 'additionalProperties':
      return additionalKeyIssue(objectPointer, String(error.params.additionalProperty), item.path, fixing);
    case 'enum':
    case 'const':
      return enumIssue(item, record);
    case 'minLength':
    case 'maxLength':
      return lengthIssue(item);
    case 'minItems':
    case 'maxItems':
      return countIssue(item);
    case 'minProperties':
    case 'maxProperties':
      return factorKindIssue(item);
    case 'minimum':
      return issue(
        item,
        'range',
        `${fieldLabel(item.path)} is ${previewValue(item.value)}; it must be at least ${String(error.params.limit)}.`,
        `Give ${fieldLabel(item.path)} as a whole number of ${String(error.params.limit)} or more.`,
      );
    case 'not':
      return notIssue(item);
    case 'false schema':
      return falseSchemaIssue(item, record);
    case 'pattern':
    case 'format':
      if (error.propertyName !== undefined)
        return metadataKeyIssue(objectPointer, error.propertyName, item.path);
      return formatIssue(item, record);
    default:
      return issue(
        item,
        error.keyword,
        `${fieldLabel(item.path)} ${error.message ?? 'is not valid'}.`,
        'Check this value against the import format.',
      );
  }
}
