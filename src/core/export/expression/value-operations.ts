/**
 * The run-time meaning of member access and operators in expressions. Member access only ever reads a value's own
 * data (own keys of objects, items and `length` of lists and text), never the prototype chain, and it behaves like
 * `?.` everywhere: reading below a missing value gives `undefined` instead of an error, since missing attributes are
 * normal in user profiles. Operators refuse objects and lists, so no user value is ever converted by `toString`.
 */
import { EvaluationError, checkedText, describeValue } from './expression-builtins';

const arrayIndex = (key: string | number): number => {
  const index = typeof key === 'number' ? key : /^(0|[1-9]\d*)$/.test(key) ? Number(key) : -1;
  return Number.isInteger(index) && index >= 0 ? index : -1;
};

/** `object[key]`, restricted to own data. */
export function readMember(object: unknown, key: unknown): unknown {
  if (object === null || object === undefined) return undefined;
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw new EvaluationError(`a key must be text or a number, got ${describeValue(key)}`);
  }
  if (typeof object === 'string' || Array.isArray(object)) {
    if (key === 'length') return object.length;
    const index = arrayIndex(key);
    return index >= 0 && index < object.length ? object[index] : undefined;
  }
  if (typeof object === 'object') {
    const name = String(key);
    return Object.hasOwn(object, name) ? (object as Record<string, unknown>)[name] : undefined;
  }
  return undefined;
}

type Primitive = string | number | boolean | null | undefined;

function primitive(operator: string, value: unknown): Primitive {
  if (typeof value === 'object' && value !== null) {
    throw new EvaluationError(
      `'${operator}' cannot be used with ${describeValue(value)}; pick one value inside it`,
    );
  }
  return value as Primitive;
}

// `==` and `!=` in an expression mean what they mean in JavaScript.
const binaryOperations: Readonly<Record<string, (a: Primitive, b: Primitive) => unknown>> = {
  '==': (a, b) => a == b,
  '!=': (a, b) => a != b,
  '===': (a, b) => a === b,
  '!==': (a, b) => a !== b,
  '<': (a, b) => (a as number) < (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
  '+': (a, b) => {
    const sum = (a as number) + (b as number);
    return typeof sum === 'string' ? checkedText(sum) : sum;
  },
  '-': (a, b) => (a as number) - (b as number),
  '*': (a, b) => (a as number) * (b as number),
  '/': (a, b) => (a as number) / (b as number),
  '%': (a, b) => (a as number) % (b as number),
  '**': (a, b) => (a as number) ** (b as number),
};

/** The operators an expression may use besides `&&`, `||` and `??` (which short-circuit, so they compile apart). */
export const binaryOperators: ReadonlySet<string> = new Set(Object.keys(binaryOperations));

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null;

/** Applies a non-short-circuit binary operator. */
export function applyBinary(operator: string, left: unknown, right: unknown): unknown {
  if ((operator === '==' || operator === '!=') && (isObject(left) || isObject(right))) {
    // Loose equality would convert the object with toString; compare identity as === does.
    return operator === '==' ? left === right : left !== right;
  }
  if (operator === '===' || operator === '!==') return operator === '===' ? left === right : left !== right;
  return binaryOperations[operator](primitive(operator, left), primitive(operator, right));
}

/** The unary operators an expression may use. */
export const unaryOperators: ReadonlySet<string> = new Set(['!', '-', '+']);

/** Applies `!`, `-` or `+`. */
export function applyUnary(operator: string, value: unknown): unknown {
  if (operator === '!') return !value;
  const n = primitive(operator, value) as number;
  return operator === '-' ? -n : +n;
}

/** The text a value contributes to a template string: missing values give '' rather than "undefined". */
export function templateText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object')
    throw new EvaluationError(`a template cannot insert ${describeValue(value)}; use json(...)`);
  return String(value);
}
