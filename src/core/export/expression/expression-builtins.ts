/**
 * The only methods and functions an expression may call. Each is resolved from these tables by name at compile time,
 * never looked up on the value, so an expression cannot reach a prototype, a constructor or a global.
 */
import { stableStringify } from '../stable-json';

/** Thrown while evaluating one row; the row builder turns it into an empty cell and a warning. */
export class EvaluationError extends Error {
  override name = 'EvaluationError';
}

/** The longest text an expression may produce; a bound on memory per cell (no loops exist, so time is bounded too). */
export const maxTextLength = 1_000_000;

export interface Builtin<R> {
  minArgs: number;
  maxArgs: number;
  call: (receiver: R, args: unknown[]) => unknown;
}

/** A short, human description of a value's type, for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

/** Fails when a text grows past the cap; returns it otherwise. */
export function checkedText(text: string): string {
  if (text.length > maxTextLength) {
    throw new EvaluationError(`the result is longer than ${maxTextLength} characters`);
  }
  return text;
}

function textArg(name: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new EvaluationError(`${name}() needs text, got ${describeValue(value)}`);
  return value;
}

function intArg(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new EvaluationError(`${name}() needs a number, got ${describeValue(value)}`);
  }
  return Math.trunc(value);
}

function limitArg(value: unknown): number | undefined {
  return intArg('split', value);
}

const method = <R>(
  minArgs: number,
  maxArgs: number,
  call: (receiver: R, args: unknown[]) => unknown,
): Builtin<R> => ({
  minArgs,
  maxArgs,
  call,
});

/** Methods callable on text. */
export const textMethods: ReadonlyMap<string, Builtin<string>> = new Map([
  ['toLowerCase', method<string>(0, 0, (s) => s.toLowerCase())],
  ['toUpperCase', method<string>(0, 0, (s) => s.toUpperCase())],
  ['trim', method<string>(0, 0, (s) => s.trim())],
  ['slice', method<string>(0, 2, (s, [a, b]) => s.slice(intArg('slice', a), intArg('slice', b)))],
  [
    'substring',
    method<string>(1, 2, (s, [a, b]) => s.substring(intArg('substring', a) ?? 0, intArg('substring', b))),
  ],
  ['includes', method<string>(1, 1, (s, [a]) => s.includes(textArg('includes', a)))],
  ['startsWith', method<string>(1, 1, (s, [a]) => s.startsWith(textArg('startsWith', a)))],
  ['endsWith', method<string>(1, 1, (s, [a]) => s.endsWith(textArg('endsWith', a)))],
  ['split', method<string>(1, 2, (s, [a, b]) => s.split(textArg('split', a), limitArg(b)))],
]);

/** Methods callable on lists. */
export const listMethods: ReadonlyMap<string, Builtin<readonly unknown[]>> = new Map([
  [
    'join',
    method<readonly unknown[]>(0, 1, (list, [separator]) => {
      const sep = separator === undefined ? ',' : textArg('join', separator);
      return checkedText(
        list
          .map((item) =>
            typeof item === 'object' && item !== null ? stableStringify(item) : String(item ?? ''),
          )
          .join(sep),
      );
    }),
  ],
  ['includes', method<readonly unknown[]>(1, 1, (list, [item]) => list.includes(item))],
  [
    'slice',
    method<readonly unknown[]>(0, 2, (list, [a, b]) => list.slice(intArg('slice', a), intArg('slice', b))),
  ],
]);

/** Every name that is a method somewhere: a call of any other name is rejected at compile time. */
export const methodNames: ReadonlySet<string> = new Set([...textMethods.keys(), ...listMethods.keys()]);

function toDate(value: unknown): Date {
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    throw new EvaluationError(
      `date() needs an ISO date or a number of milliseconds, got ${describeValue(value)}`,
    );
  }
  return date;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The tokens date() understands, all in UTC; any other character is copied as is. */
const dateTokens: ReadonlyArray<[string, (d: Date) => string]> = [
  ['YYYY', (d) => pad(d.getUTCFullYear(), 4)],
  ['MM', (d) => pad(d.getUTCMonth() + 1, 2)],
  ['DD', (d) => pad(d.getUTCDate(), 2)],
  ['HH', (d) => pad(d.getUTCHours(), 2)],
  ['mm', (d) => pad(d.getUTCMinutes(), 2)],
  ['ss', (d) => pad(d.getUTCSeconds(), 2)],
  ['SSS', (d) => pad(d.getUTCMilliseconds(), 3)],
];

/** Formats a date with YYYY MM DD HH mm ss SSS (UTC); without a format, the ISO 8601 text. */
export function formatDate(value: unknown, format?: unknown): string {
  const date = toDate(value);
  if (format === undefined) return date.toISOString();
  const pattern = textArg('date', format);
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const token = dateTokens.find(([name]) => pattern.startsWith(name, i));
    if (token) {
      out += token[1](date);
      i += token[0].length;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' || typeof value === 'boolean'
        ? Number(value)
        : NaN;
  if (Number.isNaN(n)) throw new EvaluationError(`number() cannot read ${describeValue(value)} as a number`);
  return n;
}

function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? (stableStringify(value) ?? '') : String(value);
}

/** Functions callable by name: `date(user.created_at, 'YYYY-MM-DD')`, `json(user.app_metadata)`, `string(x)`, `number(x)`. */
export const functions: ReadonlyMap<string, Builtin<undefined>> = new Map([
  ['date', method<undefined>(1, 2, (_, [value, format]) => formatDate(value, format))],
  ['json', method<undefined>(1, 1, (_, [value]) => checkedText(stableStringify(value) ?? ''))],
  ['string', method<undefined>(1, 1, (_, [value]) => checkedText(toText(value)))],
  ['number', method<undefined>(1, 1, (_, [value]) => toNumber(value))],
]);
