/**
 * Export fields: what each column of an export holds. A field is either an attribute path (`email`,
 * `user_metadata.plan`, `identities[0].connection`), which Auth0's export job can produce itself, or an expression
 * (`user.user_metadata.name || user.name`), which Ferry evaluates on the user's machine.
 */
import { compileExpression } from './expression/compile-expression';
import type { Evaluate } from './expression/compile-expression';
import { readMember } from './expression/value-operations';

/** One column as the user wrote it. */
export interface ExportField {
  /** An attribute path or an expression. */
  source: string;
  /** The column name (CSV header, JSON key). */
  column: string;
}

/** Attributes an Auth0 export job can return (auth0-facts section 3). */
export const exportableAttributes: ReadonlySet<string> = new Set([
  'app_metadata',
  'blocked',
  'created_at',
  'email',
  'email_verified',
  'family_name',
  'given_name',
  'identities',
  'last_ip',
  'last_login',
  'last_password_reset',
  'logins_count',
  'multifactor',
  'multifactor_last_modified',
  'name',
  'nickname',
  'phone_number',
  'phone_verified',
  'picture',
  'updated_at',
  'user_id',
  'user_metadata',
  'username',
]);

/** The extension's default columns, in its order. A fresh array each call, so callers may edit it. */
export function defaultExportFields(): ExportField[] {
  return [
    { source: 'user_id', column: 'Id' },
    { source: 'given_name', column: 'Given Name' },
    { source: 'family_name', column: 'Family Name' },
    { source: 'nickname', column: 'Nickname' },
    { source: 'name', column: 'Name' },
    { source: 'email', column: 'Email' },
    { source: 'email_verified', column: 'Email Verified' },
    { source: 'picture', column: 'Picture' },
    { source: 'identities[0].connection', column: 'Connection' },
    { source: 'created_at', column: 'Created At' },
    { source: 'updated_at', column: 'Updated At' },
  ];
}

const pathPattern = /^(?:user\.)?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*$/;

/** A path split into keys: `identities[0].connection` -> ['identities', 0, 'connection']. */
export type PathKeys = ReadonlyArray<string | number>;

export type FieldKind = { kind: 'path'; path: string; keys: PathKeys } | { kind: 'expression' };

/**
 * Whether a field is a plain attribute path (`user.` in front is accepted and dropped) or an expression.
 * A bare `user` is an expression: the whole profile.
 */
export function classifyField(source: string): FieldKind {
  const trimmed = source.trim();
  if (!pathPattern.test(trimmed) || trimmed === 'user') return { kind: 'expression' };
  const path = trimmed.startsWith('user.') ? trimmed.slice(5) : trimmed;
  const keys = path.split(/\.|\[(\d+)\]/).flatMap((part, i): Array<string | number> => {
    if (part === undefined || part === '') return [];
    return i % 2 === 1 ? [Number(part)] : [part];
  });
  return { kind: 'path', path, keys };
}

/** A field ready to evaluate. */
export interface CompiledField {
  column: string;
  source: string;
  /** The attribute path when the field is one, else null. */
  path: string | null;
  evaluate: Evaluate;
  /** Top-level attributes the field reads; null when it may read any. */
  attributes: string[] | null;
}

/** A problem with one field of the list, for the form that edits it. */
export interface FieldProblem {
  /** 0-based position of the field in the list. */
  field: number;
  code: string;
  severity: 'error' | 'warning';
  message: string;
  hint: string;
  /** 0-based character position in the field's source, for expression problems. */
  index: number | null;
}

const forbiddenPathKeys = new Set(['constructor', '__proto__', 'prototype']);

function pathEvaluator(keys: PathKeys): Evaluate {
  return (user) => {
    let value: unknown = user;
    for (let i = 0; i < keys.length && value !== undefined; i++) value = readMember(value, keys[i]);
    return value;
  };
}

/** Compiles one field, or says what is wrong with it. */
export function compileField(field: ExportField, position: number): CompiledField | FieldProblem {
  const kind = classifyField(field.source);
  const problem = (
    code: string,
    message: string,
    hint: string,
    index: number | null = null,
  ): FieldProblem => ({
    field: position,
    code,
    severity: 'error',
    message,
    hint,
    index,
  });
  if (field.source.trim() === '')
    return problem(
      'field.empty',
      `Field ${position + 1} has no attribute or expression`,
      'Write an attribute such as email, or remove the field.',
    );
  if (kind.kind === 'path') {
    const bad = kind.keys.find((key) => typeof key === 'string' && forbiddenPathKeys.has(key));
    if (bad !== undefined)
      return problem('field.forbidden-key', `'${bad}' cannot be read`, 'Expressions read user data only.');
    const root = String(kind.keys[0]);
    return {
      column: field.column,
      source: field.source,
      path: kind.path,
      evaluate: pathEvaluator(kind.keys),
      attributes: [root],
    };
  }
  const compiled = compileExpression(field.source);
  if (!compiled.ok) {
    const { message, hint, index } = compiled.problem;
    return problem(
      'field.expression',
      `Field ${position + 1} (${field.column || 'no column name'}): ${message} at character ${index + 1}`,
      hint,
      index,
    );
  }
  return { column: field.column, source: field.source, path: null, ...compiled.expression };
}

export const isFieldProblem = (value: CompiledField | FieldProblem): value is FieldProblem => 'code' in value;
