/**
 * Parsing of export field expressions with jsep, extended (by subclassing, so the shared jsep singleton keeps its
 * global configuration) with two things jsep lacks: the source position of every token, which error messages need
 * for "as you type" feedback, and template strings (`Hi ${user.name}`). `@jsep-plugin/template` is not installed and
 * registering a plugin would change jsep for every other user of it in the page, so the template scanner is ours.
 */
import jsep from 'jsep';

/** A jsep node plus the 0-based position where its first token starts (set on every node this parser builds). */
export type ExpressionNode = jsep.Expression & { start?: number };

/** `a ${b} c` as parsed here: `quasis` has one more element than `expressions`. */
export interface TemplateNode extends jsep.Expression {
  type: 'TemplateLiteral';
  quasis: string[];
  expressions: jsep.Expression[];
}

/** A problem in an expression's text, at a 0-based character position. */
export interface ExpressionProblem {
  message: string;
  /** 0-based index into the expression where the problem is (the end of the text for "unexpected end"). */
  index: number;
  hint: string;
}

/** The longest expression accepted: a field formula, not a program. Keeps parse and compile cost trivially bounded. */
export const maxExpressionLength = 2000;

interface JsepParser {
  index: number;
  readonly expr: string;
  readonly code: number;
  parse(): jsep.Expression;
  gobbleSpaces(): void;
  gobbleExpression(): jsep.Expression | false | undefined;
  gobbleToken(): jsep.Expression | false;
  gobbleTokenProperty(node: jsep.Expression): jsep.Expression;
  gobbleIdentifier(): jsep.Expression;
  gobbleStringLiteral(): jsep.Expression;
  throwError(message: string): never;
}

const JsepBase = (jsep as unknown as { Jsep: new (expression: string) => JsepParser }).Jsep;

const BACKTICK = 96;
const templateEscapes: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
};

class PositionedParser extends JsepBase {
  override gobbleToken(): jsep.Expression | false {
    this.gobbleSpaces();
    const start = this.index;
    const node =
      this.code === BACKTICK ? this.gobbleTokenProperty(this.gobbleTemplate()) : super.gobbleToken();
    if (node && (node as ExpressionNode).start === undefined) (node as ExpressionNode).start = start;
    return node;
  }

  override gobbleIdentifier(): jsep.Expression {
    const start = this.index;
    const node = super.gobbleIdentifier();
    (node as ExpressionNode).start = start;
    return node;
  }

  override gobbleStringLiteral(): jsep.Expression {
    const start = this.index;
    const node = super.gobbleStringLiteral();
    (node as ExpressionNode).start = start;
    return node;
  }

  /** Reads a template string from the opening backtick; `${...}` holds any expression this parser accepts. */
  gobbleTemplate(): TemplateNode {
    const quasis: string[] = [];
    const expressions: jsep.Expression[] = [];
    let text = '';
    this.index++;
    while (this.index < this.expr.length) {
      const ch = this.expr[this.index];
      if (ch === '`') {
        this.index++;
        quasis.push(text);
        return { type: 'TemplateLiteral', quasis, expressions };
      }
      if (ch === '\\') {
        const next = this.expr[this.index + 1] ?? '';
        text += templateEscapes[next] ?? next;
        this.index += 2;
      } else if (ch === '$' && this.expr[this.index + 1] === '{') {
        this.index += 2;
        quasis.push(text);
        text = '';
        expressions.push(this.gobbleTemplatePart());
      } else {
        text += ch;
        this.index++;
      }
    }
    return this.throwError('Unclosed template string (a ` is missing)');
  }

  private gobbleTemplatePart(): jsep.Expression {
    this.gobbleSpaces();
    const inner = this.gobbleExpression();
    if (!inner) this.throwError('Expected an expression inside ${ }');
    this.gobbleSpaces();
    if (this.expr[this.index] !== '}') this.throwError('Expected } to close ${');
    this.index++;
    return inner;
  }
}

/** The result of parsing: the syntax tree, or the first syntax error with its position. */
export type ParseResult = { ok: true; node: ExpressionNode } | { ok: false; problem: ExpressionProblem };

/** Parses one expression. Never throws: syntax errors come back with their position. */
export function parseExpression(source: string): ParseResult {
  if (source.length > maxExpressionLength) {
    return {
      ok: false,
      problem: {
        message: `The expression is ${source.length} characters long; at most ${maxExpressionLength} are allowed`,
        index: maxExpressionLength,
        hint: 'Shorten the expression or split it into several columns.',
      },
    };
  }
  if (source.trim() === '') {
    return {
      ok: false,
      problem: { message: 'The expression is empty', index: 0, hint: 'Write e.g. user.email.' },
    };
  }
  try {
    return { ok: true, node: new PositionedParser(source).parse() as ExpressionNode };
  } catch (error) {
    const { description, index } = error as { description?: string; index?: number };
    return {
      ok: false,
      problem: {
        message: description ?? String(error),
        index: typeof index === 'number' ? Math.min(index, source.length) : 0,
        hint: 'Check quotes, brackets and operators near this position.',
      },
    };
  }
}
