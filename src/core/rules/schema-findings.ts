/**
 * Turns the generated validator's Ajv errors into findings a person can act on: one finding per problem, a JSON
 * Pointer to the value, a stable code, a one-line message that names the field and the problem, and a hint.
 *
 * Ajv reports cascades (an `if` summary beside its `then` failures, a `pattern` beside a `minLength` on the same
 * value, an outer `propertyNames` beside the inner failure). Those collapse here to the single most telling error
 * per value.
 */
import type { ImportUserSchemaError } from '../schema/generated/validate-import-user';
import { childPointer, fieldPath, valueAtPointer } from './json-pointer';
import type { Issue } from './issue';
import { describeError } from './schema-messages';

/** Lower ranks win when several errors name the same value. */
const keywordRank: Readonly<Record<string, number>> = {
  type: 0,
  required: 0,
  additionalProperties: 0,
  'false schema': 1,
  enum: 2,
  const: 2,
  minLength: 3,
  maxLength: 3,
  minItems: 3,
  maxItems: 3,
  minProperties: 3,
  maxProperties: 3,
  minimum: 3,
  not: 4,
  pattern: 5,
  format: 5,
};

// Summaries of errors reported on their own: `if` ("must match then") and the outer `propertyNames` error (the
// inner one carries the offending key in `propertyName`).
const summaryKeywords = new Set(['if', 'propertyNames']);

/** An Ajv error placed at the value it is about. */
export interface LocatedError {
  error: ImportUserSchemaError;
  /** JSON Pointer of the value (for `required`/`additionalProperties`/property names: of the key). */
  path: string;
  /** `path` as a dotted field name without array indexes. */
  field: string;
  /** The value at `path` in the record (undefined when missing). */
  value: unknown;
}

function locate(error: ImportUserSchemaError, record: unknown): LocatedError {
  const { params } = error;
  let path = error.instancePath;
  if (error.keyword === 'required') path = childPointer(path, String(params.missingProperty));
  else if (error.keyword === 'additionalProperties')
    path = childPointer(path, String(params.additionalProperty));
  else if (error.propertyName !== undefined) path = childPointer(path, error.propertyName);
  return { error, path, field: fieldPath(path), value: valueAtPointer(record, path) };
}

/** Keeps the best-ranked error per path, and nothing below a value of the wrong type. */
function collapse(located: LocatedError[]): LocatedError[] {
  const best = new Map<string, LocatedError>();
  for (const item of located) {
    const current = best.get(item.path);
    const rank = keywordRank[item.error.keyword] ?? 6;
    if (!current || rank < (keywordRank[current.error.keyword] ?? 6)) best.set(item.path, item);
  }
  const wrongType = [...best.values()]
    .filter((item) => item.error.keyword === 'type')
    .map((item) => item.path);
  return [...best.values()].filter(
    (item) => !wrongType.some((path) => item.path !== path && item.path.startsWith(`${path}/`)),
  );
}

/**
 * The findings for one record's schema errors (without file and record position, which the caller adds).
 * `fixing` says whether automatic fixes are on, so hints can point to them when they are off.
 */
export function schemaIssues(
  errors: readonly ImportUserSchemaError[],
  record: unknown,
  fixing: boolean,
): Issue[] {
  const located = errors
    .filter((error) => !summaryKeywords.has(error.keyword))
    .map((error) => locate(error, record));
  const issues: Issue[] = [];
  for (const item of collapse(located)) {
    const issue = describeError(item, record, fixing);
    if (issue) issues.push(issue);
  }
  return issues;
}
