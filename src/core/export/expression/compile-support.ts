/** What the expression compiler's parts share: the evaluator type, the compile context and failure. */
import type { ExpressionNode, ExpressionProblem } from './parse-expression';

/** Evaluates a compiled expression against one user record; throws `EvaluationError` for a row it cannot compute. */
export type Evaluate = (user: unknown) => unknown;

/** Compiles a child node (passed around so that the compiler's files do not import each other in a circle). */
export type CompileChild = (node: ExpressionNode) => Evaluate;

export class CompileFailure extends Error {
  constructor(readonly problem: ExpressionProblem) {
    super(problem.message);
  }
}

export interface Context {
  source: string;
  nodes: number;
  attributes: Set<string>;
  readsWholeUser: boolean;
}

export const fail = (node: ExpressionNode, message: string, hint: string): never => {
  throw new CompileFailure({ message, index: node.start ?? 0, hint });
};
