/** Calls in expressions: only the allow-listed functions and methods, resolved by name at compile time. */
import type jsep from 'jsep';
import {
  describeValue,
  EvaluationError,
  functions,
  listMethods,
  methodNames,
  textMethods,
} from './expression-builtins';
import type { Builtin } from './expression-builtins';
import { fail } from './compile-support';
import type { CompileChild, Evaluate } from './compile-support';
import type { ExpressionNode } from './parse-expression';

function checkArity(node: ExpressionNode, name: string, count: number, builtins: Builtin<never>[]): void {
  const min = Math.min(...builtins.map((b) => b.minArgs));
  const max = Math.max(...builtins.map((b) => b.maxArgs));
  if (count < min || count > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    fail(
      node,
      `${name}() takes ${expected} argument${max === 1 ? '' : 's'}, not ${count}`,
      'Check the call.',
    );
  }
}

/** Compiles `name(...)` or `value.method(...)`, rejecting every name outside the allow-list. */
export function compileCall(node: jsep.CallExpression, compileChild: CompileChild): Evaluate {
  const callee = node.callee as ExpressionNode;
  const args = node.arguments.map((arg) => compileChild(arg));
  const evalArgs = (user: unknown): unknown[] => args.map((arg) => arg(user));
  if (callee.type === 'Identifier') {
    const name = (callee as jsep.Identifier).name;
    const builtin = functions.get(name);
    if (!builtin)
      return fail(callee, `${name}() cannot be called`, `Functions: ${[...functions.keys()].join(', ')}.`);
    checkArity(callee, name, args.length, [builtin]);
    return (user) => builtin.call(undefined, evalArgs(user));
  }
  const member = callee as jsep.MemberExpression;
  const name =
    callee.type === 'MemberExpression' && !member.computed ? (member.property as jsep.Identifier).name : null;
  if (name === null || !methodNames.has(name)) {
    return fail(
      name === null ? callee : member.property,
      `${name ?? 'This'}() cannot be called`,
      `Methods: ${[...methodNames].join(', ')}.`,
    );
  }
  checkArity(
    member.property,
    name,
    args.length,
    [textMethods.get(name), listMethods.get(name)].filter((b) => b !== undefined) as Builtin<never>[],
  );
  const receiver = compileChild(member.object);
  return (user) => callMethod(name, receiver(user), evalArgs(user));
}

function callMethod(name: string, receiver: unknown, args: unknown[]): unknown {
  if (receiver === null || receiver === undefined) return undefined;
  const builtin =
    typeof receiver === 'string'
      ? textMethods.get(name)
      : Array.isArray(receiver)
        ? listMethods.get(name)
        : undefined;
  if (!builtin) throw new EvaluationError(`${name}() cannot be called on ${describeValue(receiver)}`);
  if (args.length < builtin.minArgs || args.length > builtin.maxArgs) {
    throw new EvaluationError(
      `${name}() on ${describeValue(receiver)} takes ${builtin.minArgs} to ${builtin.maxArgs} arguments`,
    );
  }
  return (builtin as Builtin<unknown>).call(receiver, args);
}
