import { parse, SyntaxError as LiqeSyntaxError, type LiqeQuery } from 'liqe';
import type { TenantUser } from './types';

/**
 * The subset of Auth0's user search (Lucene, search engine v3) the emulator understands: field:value, quoted
 * phrases, `*`/`?` wildcards, comparisons (`:>`, `:>=`...), ranges `[a TO b]`/`{a TO b}` on dates and numbers,
 * AND/OR/NOT/-, parentheses, `_exists_:field`, and bare terms (matched against the profile's main fields).
 * liqe parses; the evaluation is ours because liqe's ranges take numbers only and Auth0's matching rules differ
 * (exact keyword match, case-insensitive on the normalised fields, arrays match when any element does).
 */
export type CompiledQuery =
  { ok: true; test: (user: TenantUser) => boolean } | { ok: false; message: string };

/** Auth0 searches these case-insensitively; other fields match exactly. */
const caseInsensitive = new Set(['email', 'name', 'given_name', 'family_name', 'nickname']);
const bareTermFields = ['email', 'name', 'given_name', 'family_name', 'nickname', 'user_id', 'username'];

/** Rewrites `f:[a TO b}` into comparisons liqe can parse: `(f:>=a AND f:<b)`. */
function rewriteRanges(q: string): string {
  const range = /([\w.]+):([[{])\s*("[^"]*"|[^\s\]}]+)\s+TO\s+("[^"]*"|[^\s\]}]+)\s*([\]}])/g;
  return q.replace(range, (_m, field: string, open: string, low: string, high: string, close: string) => {
    const quote = (v: string) => (v.startsWith('"') ? v : `"${v}"`);
    const parts: string[] = [];
    if (low !== '*') parts.push(`${field}:${open === '[' ? '>=' : '>'}${quote(low)}`);
    if (high !== '*') parts.push(`${field}:${close === ']' ? '<=' : '<'}${quote(high)}`);
    return parts.length ? `(${parts.join(' AND ')})` : `_exists_:${field}`;
  });
}

/** Every value at a dotted path; arrays along the way fan out (identities.connection). */
function valuesAt(source: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(source) ? source : [source];
  if (Array.isArray(source)) return source.flatMap((item) => valuesAt(item, path));
  if (source === null || typeof source !== 'object') return [];
  return valuesAt((source as Record<string, unknown>)[path[0]], path.slice(1));
}

const wildcardRegex = (pattern: string, flags: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    flags,
  );

function compare(actual: unknown, expected: string | number, operator: string): boolean {
  const bothNumbers = typeof actual === 'number' && !Number.isNaN(Number(expected));
  const a = bothNumbers ? (actual as number) : String(actual);
  const b = bothNumbers ? Number(expected) : String(expected);
  if (operator === ':>') return a > b;
  if (operator === ':>=') return a >= b;
  if (operator === ':<') return a < b;
  return a <= b;
}

function matchValue(actual: unknown, literal: unknown, quoted: boolean, field: string): boolean {
  if (actual === undefined || actual === null || typeof actual === 'object') return false;
  const flags = caseInsensitive.has(field) ? 'i' : '';
  const text = String(literal);
  if (!quoted && /[*?]/.test(text)) return wildcardRegex(text, flags).test(String(actual));
  return flags ? String(actual).toLowerCase() === text.toLowerCase() : String(actual) === text;
}

function evaluate(node: LiqeQuery, user: TenantUser): boolean {
  switch (node.type) {
    case 'LogicalExpression': {
      const left = evaluate(node.left, user);
      return node.operator.operator === 'OR'
        ? left || evaluate(node.right, user)
        : left && evaluate(node.right, user);
    }
    case 'UnaryOperator':
      return !evaluate(node.operand, user);
    case 'ParenthesizedExpression':
      return evaluate(node.expression, user);
    case 'EmptyExpression':
      return true;
    case 'Tag':
      return evaluateTag(node, user);
  }
}

function evaluateTag(node: Extract<LiqeQuery, { type: 'Tag' }>, user: TenantUser): boolean {
  const expression = node.expression;
  if (expression.type !== 'LiteralExpression') return false;
  const { value, quoted } = expression;
  if (node.field.type === 'ImplicitField') {
    return bareTermFields.some((f) => valuesAt(user, [f]).some((v) => matchValue(v, value, quoted, f)));
  }
  const field = node.field.name;
  if (field === '_exists_') {
    return valuesAt(user, String(value).split('.')).some((v) => v !== undefined && v !== null);
  }
  const values = valuesAt(user, field.split('.'));
  const operator = node.operator.operator;
  if (operator === ':') return values.some((v) => matchValue(v, value, quoted, field));
  return values.some((v) => v !== undefined && v !== null && compare(v, value as string | number, operator));
}

/** Compiles `q` once; the result tests users. An empty query matches everyone. */
export function compileUserQuery(q: string | undefined): CompiledQuery {
  if (!q || !q.trim()) return { ok: true, test: () => true };
  let ast: LiqeQuery;
  try {
    ast = parse(rewriteRanges(q));
  } catch (error) {
    const detail = error instanceof LiqeSyntaxError ? error.message : 'could not parse';
    return { ok: false, message: `Invalid query: ${q} (${detail})` };
  }
  if (hasRegex(ast))
    return { ok: false, message: `Invalid query: ${q} (regular expressions are not supported)` };
  return { ok: true, test: (user) => evaluate(ast, user) };
}

function hasRegex(node: LiqeQuery): boolean {
  if (node.type === 'Tag') return node.expression.type === 'RegexExpression';
  if (node.type === 'LogicalExpression') return hasRegex(node.left) || hasRegex(node.right);
  if (node.type === 'UnaryOperator') return hasRegex(node.operand);
  if (node.type === 'ParenthesizedExpression') return hasRegex(node.expression);
  return false;
}

/** Auth0's `sort=field:1|-1`; metadata fields cannot be sorted. */
export function compileSort(
  sort: string | undefined,
): { ok: true; compare?: (a: TenantUser, b: TenantUser) => number } | { ok: false; message: string } {
  if (!sort) return { ok: true };
  const match = /^([\w.]+):(1|-1)$/.exec(sort);
  if (!match)
    return {
      ok: false,
      message: `'String does not match pattern ^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$: ${sort}' on property sort.`,
    };
  const [, field, direction] = match;
  if (/^(user|app)_metadata\b/.test(field))
    return { ok: false, message: `'Sorting by metadata is not supported: ${field}' on property sort.` };
  const sign = direction === '1' ? 1 : -1;
  return {
    ok: true,
    compare: (a, b) => {
      const x = valuesAt(a, field.split('.'))[0];
      const y = valuesAt(b, field.split('.'))[0];
      if (x === y) return 0;
      if (x === undefined || x === null) return 1; // missing values last, either direction
      if (y === undefined || y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    },
  };
}
