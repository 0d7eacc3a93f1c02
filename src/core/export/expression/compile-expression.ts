/**
 * Compiles an expression once into a tree of closures (no eval, no new Function: the page runs under a strict CSP)
 * that evaluates it against one user. Everything not explicitly allowed here is rejected at compile time with its
 * position: other names than `user`, `this`, `new`, calls to anything but the built-in allow-list, and the property
 * names that lead to prototypes. Evaluation cost is bounded: there are no loops, functions or recursion, so each
 * node runs at most once per row, the tree is capped at `maxExpressionNodes`, and text results are capped in size.
 */
import type jsep from 'jsep';
import { compileCall } from './compile-call';
import { CompileFailure, fail } from './compile-support';
import type { Context, Evaluate } from './compile-support';
import { checkedText } from './expression-builtins';
import { parseExpression } from './parse-expression';
import type { ExpressionNode, ExpressionProblem, TemplateNode } from './parse-expression';
import {
  applyBinary,
  applyUnary,
  binaryOperators,
  readMember,
  templateText,
  unaryOperators,
} from './value-operations';

export type { Evaluate };

export interface CompiledExpression {
  evaluate: Evaluate;
  /** Top-level user attributes the expression reads (`user.email` -> `email`); null when it may read any of them. */
  attributes: string[] | null;
}

export type CompileResult =
  { ok: true; expression: CompiledExpression } | { ok: false; problem: ExpressionProblem };

/** The largest syntax tree accepted. */
export const maxExpressionNodes = 500;

/** Property names that lead to prototypes or constructors: rejected wherever they appear as a literal key. */
const forbiddenKeys = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

const allowedNames = 'user, true, false, null, undefined';

/** Parses and compiles an expression. Never throws: problems come back with their position. */
export function compileExpression(source: string): CompileResult {
  const parsed = parseExpression(source);
  if (!parsed.ok) return parsed;
  const context: Context = { source, nodes: 0, attributes: new Set(), readsWholeUser: false };
  try {
    const evaluate = compileNode(parsed.node, context);
    const attributes = context.readsWholeUser ? null : [...context.attributes].sort();
    return { ok: true, expression: { evaluate, attributes } };
  } catch (error) {
    if (error instanceof CompileFailure) return { ok: false, problem: error.problem };
    throw error;
  }
}

function compileNode(node: ExpressionNode, context: Context): Evaluate {
  if (++context.nodes > maxExpressionNodes) {
    fail(node, `The expression has more than ${maxExpressionNodes} parts`, 'Split it into several columns.');
  }
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      return () => value;
    }
    case 'Identifier':
      return compileIdentifier(node as jsep.Identifier, context);
    case 'MemberExpression':
      return compileMember(node as jsep.MemberExpression, context);
    case 'CallExpression':
      return compileCall(node as jsep.CallExpression, (child) => compileNode(child, context));
    case 'UnaryExpression':
      return compileUnary(node as jsep.UnaryExpression, context);
    case 'BinaryExpression':
      return compileBinary(node as jsep.BinaryExpression, context);
    case 'ConditionalExpression': {
      const { test, consequent, alternate } = node as jsep.ConditionalExpression;
      const [t, c, a] = [
        compileNode(test, context),
        compileNode(consequent, context),
        compileNode(alternate, context),
      ];
      return (user) => (t(user) ? c(user) : a(user));
    }
    case 'ArrayExpression':
      return compileArray(node as jsep.ArrayExpression, context);
    case 'TemplateLiteral':
      return compileTemplate(node as TemplateNode, context);
    case 'ThisExpression':
      return fail(
        node,
        '`this` is not available',
        `Read attributes through user, e.g. user.email. Names: ${allowedNames}.`,
      );
    case 'Compound':
    case 'SequenceExpression':
      return rejectCompound(node);
    default:
      return fail(
        node,
        `${node.type} is not supported in export expressions`,
        'Use attributes, operators and the listed functions.',
      );
  }
}

function compileIdentifier(node: jsep.Identifier, context: Context): Evaluate {
  if (node.name === 'user') {
    context.readsWholeUser = true;
    return (user) => user;
  }
  if (node.name === 'undefined') return () => undefined;
  return fail(
    node,
    `Unknown name '${node.name}'`,
    `Only ${allowedNames} exist; read attributes as user.${node.name}.`,
  );
}

/** The key of `a.b` or `a['b']` when it is fixed in the text; null for a computed key like `a[user.k]`. */
function literalKey(node: jsep.MemberExpression): string | number | null {
  const property = node.property as ExpressionNode;
  if (!node.computed) return (property as jsep.Identifier).name;
  if (property.type === 'Literal') {
    const value = (property as jsep.Literal).value;
    if (typeof value === 'string' || typeof value === 'number') return value;
  }
  return null;
}

function compileMember(node: jsep.MemberExpression, context: Context): Evaluate {
  const key = literalKey(node);
  const objectNode = node.object as ExpressionNode;
  const readsUserRoot = objectNode.type === 'Identifier' && (objectNode as jsep.Identifier).name === 'user';
  // The object compiles first so that the leftmost problem is the one reported.
  const object = readsUserRoot && typeof key === 'string' ? null : compileNode(objectNode, context);
  if (typeof key === 'string' && forbiddenKeys.has(key)) {
    fail(node.property, `'${key}' cannot be read`, 'Expressions read user data only.');
  }
  if (object === null) {
    context.attributes.add(key as string);
    return (user) => readMember(user, key);
  }
  if (key !== null) return (user) => readMember(object(user), key);
  const computed = compileNode(node.property, context);
  return (user) => readMember(object(user), computed(user));
}

function compileUnary(node: jsep.UnaryExpression, context: Context): Evaluate {
  if (!unaryOperators.has(node.operator)) {
    fail(node, `The operator '${node.operator}' is not supported`, 'Use !, - or +.');
  }
  const argument = compileNode(node.argument, context);
  const operator = node.operator;
  return (user) => applyUnary(operator, argument(user));
}

function compileBinary(node: jsep.BinaryExpression, context: Context): Evaluate {
  const { operator } = node;
  const isLogical = operator === '&&' || operator === '||' || operator === '??';
  if (!isLogical && !binaryOperators.has(operator)) {
    const at = context.source.indexOf(operator, (node.left as ExpressionNode).start ?? 0);
    throw new CompileFailure({
      message: `The operator '${operator}' is not supported`,
      index: Math.max(at, 0),
      hint: 'Use comparison, arithmetic, &&, || or ??.',
    });
  }
  const [left, right] = [compileNode(node.left, context), compileNode(node.right, context)];
  if (operator === '&&') return (user) => left(user) && right(user);
  if (operator === '||') return (user) => left(user) || right(user);
  if (operator === '??') return (user) => left(user) ?? right(user);
  return (user) => applyBinary(operator, left(user), right(user));
}

function compileArray(node: jsep.ArrayExpression, context: Context): Evaluate {
  const items = node.elements.map((element) => {
    if (element === null) return fail(node, 'A list cannot have empty slots', 'Remove the extra comma.');
    return compileNode(element, context);
  });
  return (user) => items.map((item) => item(user));
}

function compileTemplate(node: TemplateNode, context: Context): Evaluate {
  const parts = node.expressions.map((expression) => compileNode(expression, context));
  const { quasis } = node;
  return (user) => {
    let text = quasis[0];
    for (let i = 0; i < parts.length; i++) text += templateText(parts[i](user)) + quasis[i + 1];
    return checkedText(text);
  };
}

function rejectCompound(node: ExpressionNode): never {
  const body = (node.body ?? (node as jsep.SequenceExpression).expressions) as ExpressionNode[];
  const first = body[0];
  if (first?.type === 'Identifier' && (first as jsep.Identifier).name === 'new') {
    return fail(first, '`new` is not allowed', "Format dates with date(user.created_at, 'YYYY-MM-DD').");
  }
  const second = body[1] ?? node;
  return fail(
    second,
    'Only one expression is allowed',
    'Remove the extra part, or combine values with + or a template `${a} ${b}`.',
  );
}
