import { describe, expect, it } from 'vitest';
import { compileExpression } from './compile-expression';
import { EvaluationError, maxTextLength } from './expression-builtins';

const user = {
  user_id: 'auth0|abc',
  email: 'Ada@Example.com',
  name: 'Ada Lovelace',
  email_verified: false,
  logins_count: 0,
  created_at: '2024-03-05T07:08:09.010Z',
  user_metadata: {
    name: 'Countess',
    plan: 'gold',
    tags: ['a', 'b'],
    'first-name': 'Ada',
    nested: { z: 1, a: [2] },
  },
  app_metadata: {},
  identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0' }],
};

function run(source: string, record: unknown = user): unknown {
  const result = compileExpression(source);
  if (!result.ok) throw new Error(`did not compile: ${result.problem.message}`);
  return result.expression.evaluate(record);
}

function problem(source: string): { message: string; index: number } {
  const result = compileExpression(source);
  if (result.ok) throw new Error(`compiled but should not: ${source}`);
  return result.problem;
}

describe('member access', () => {
  it('reads dotted, computed string and numeric members', () => {
    expect(run('user.email')).toBe('Ada@Example.com');
    expect(run("user.user_metadata['first-name']")).toBe('Ada');
    expect(run('user.identities[0].connection')).toBe('Username-Password-Authentication');
    expect(run("user['identities']['0'].provider")).toBe('auth0');
    expect(run('user.user_metadata[user.user_metadata.plan == "gold" ? "name" : "plan"]')).toBe('Countess');
  });

  it('gives undefined below missing values instead of failing', () => {
    expect(run('user.user_metadata.missing.deeper')).toBeUndefined();
    expect(run('user.identities[5].connection')).toBeUndefined();
    expect(run('user.nope?.x')).toBeUndefined();
  });

  it('reads length of text and lists but nothing from prototypes', () => {
    expect(run('user.name.length')).toBe(12);
    expect(run('user.user_metadata.tags.length')).toBe(2);
    expect(run('user.name[0]')).toBe('A');
    expect(run("user.user_metadata['hasOwnProperty']")).toBeUndefined();
    expect(run('user.email.toString')).toBeUndefined();
  });

  it('reads a runtime key named constructor as plain data only', () => {
    const record = { k: 'constructor', user_metadata: {} };
    expect(run('user.user_metadata[user.k]', record)).toBeUndefined();
  });
});

describe('operators', () => {
  it('keeps false and 0 (the extension turned them into empty cells)', () => {
    expect(run('user.email_verified')).toBe(false);
    expect(run('user.logins_count')).toBe(0);
    expect(run('user.logins_count ?? 5')).toBe(0);
  });

  it('short-circuits logical operators with JavaScript meaning', () => {
    expect(run('user.user_metadata.name || user.name')).toBe('Countess');
    expect(run('user.user_metadata.none || user.name')).toBe('Ada Lovelace');
    expect(run('user.email_verified && user.nope.x.y')).toBe(false);
    expect(run('user.missing ?? "fallback"')).toBe('fallback');
    expect(run('null ?? undefined ?? 0')).toBe(0);
  });

  it('evaluates the conditional, comparison and arithmetic operators', () => {
    expect(run('user.logins_count > 0 ? "active" : "never"')).toBe('never');
    expect(run('1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3')).toBe(true);
    expect(run('1 == "1"')).toBe(true);
    expect(run('1 === "1"')).toBe(false);
    expect(run('1 != 2 && 1 !== "1"')).toBe(true);
    expect(run('2 + 3 * 4 - 6 / 3 % 5')).toBe(12);
    expect(run('2 ** 3 ** 2')).toBe(512);
    expect(run('user.given + user.name')).toBe('undefinedAda Lovelace');
    expect(run('"a" + 1')).toBe('a1');
  });

  it('evaluates unary operators', () => {
    expect(run('!user.email_verified')).toBe(true);
    expect(run('-user.logins_count - 2')).toBe(-2);
    expect(run('+"42"')).toBe(42);
  });

  it('builds lists and template strings', () => {
    expect(run('[user.name, 1, [true]]')).toEqual(['Ada Lovelace', 1, [true]]);
    expect(run('`${user.name} <${user.email}> ${user.missing}!`')).toBe('Ada Lovelace <Ada@Example.com> !');
    expect(run('`a\\`b\\n${1 + 1}`')).toBe('a`b\n2');
    expect(run('`plan: ${user.user_metadata.plan.toUpperCase()}`.length')).toBe(10);
    expect(run('`outer ${`inner ${user.logins_count}`}`')).toBe('outer inner 0');
  });

  it('refuses arithmetic on objects and lists instead of printing [object Object]', () => {
    expect(() => run('user.user_metadata + 1')).toThrow(EvaluationError);
    expect(() => run('user.identities < 3')).toThrow(/cannot be used with a list/);
    expect(() => run('`${user.user_metadata}`')).toThrow(/json/);
    expect(run('user.user_metadata == "[object Object]"')).toBe(false);
  });
});

describe('allowed methods and functions', () => {
  it('calls text methods', () => {
    expect(run('user.email.toLowerCase()')).toBe('ada@example.com');
    expect(run('user.email.toUpperCase()')).toBe('ADA@EXAMPLE.COM');
    expect(run('"  x ".trim()')).toBe('x');
    expect(run('user.name.slice(0, 3)')).toBe('Ada');
    expect(run('user.name.slice(-8)')).toBe('Lovelace');
    expect(run('user.name.substring(4)')).toBe('Lovelace');
    expect(run('user.email.includes("@")')).toBe(true);
    expect(run('user.user_id.startsWith("auth0|")')).toBe(true);
    expect(run('user.email.endsWith(".org")')).toBe(false);
    expect(run('user.email.split("@")[1]')).toBe('Example.com');
    expect(run('user.user_id.split("|", 1)')).toEqual(['auth0']);
  });

  it('calls list methods', () => {
    expect(run('user.user_metadata.tags.join(";")')).toBe('a;b');
    expect(run('user.user_metadata.tags.join()')).toBe('a,b');
    expect(run('user.user_metadata.tags.includes("b")')).toBe(true);
    expect(run('user.user_metadata.tags.slice(1)')).toEqual(['b']);
    expect(run('user.identities.join("|")')).toBe(
      '{"connection":"Username-Password-Authentication","provider":"auth0"}',
    );
  });

  it('formats dates in UTC with date()', () => {
    expect(run("date(user.created_at, 'YYYY-MM-DD')")).toBe('2024-03-05');
    expect(run("date(user.created_at, 'DD/MM/YYYY HH:mm:ss.SSS')")).toBe('05/03/2024 07:08:09.010');
    expect(run('date(0)')).toBe('1970-01-01T00:00:00.000Z');
    expect(() => run('date(user.name)')).toThrow(/date\(\) needs an ISO date/);
  });

  it('offers json(), string() and number()', () => {
    expect(run('json(user.user_metadata.nested)')).toBe('{"a":[2],"z":1}');
    expect(run('string(user.logins_count)')).toBe('0');
    expect(run('string(user.missing)')).toBe('');
    expect(run('number("12.5") + 1')).toBe(13.5);
    expect(run('number(user.missing)')).toBeNull();
    expect(() => run('number(user.name)')).toThrow(/cannot read text as a number/);
  });

  it('gives undefined for a method on a missing value but an error on the wrong type', () => {
    expect(run('user.missing.toLowerCase()')).toBeUndefined();
    expect(() => run('user.logins_count.toLowerCase()')).toThrow(
      /toLowerCase\(\) cannot be called on a number/,
    );
    expect(() => run('user.user_metadata.tags.toLowerCase()')).toThrow(/cannot be called on a list/);
    expect(() => run('user.name.join(",")')).toThrow(/join\(\) cannot be called on text/);
    expect(() => run('user.name.startsWith(1)')).toThrow(/needs text, got a number/);
  });

  it('caps the size of text an expression can build', () => {
    const big = { s: 'x'.repeat(maxTextLength / 2 + 1) };
    expect(() => run('user.s + user.s', big)).toThrow(/longer than/);
    expect(() => run('`${user.s}${user.s}`', big)).toThrow(/longer than/);
  });
});

describe('rejected constructs', () => {
  it.each([
    ['user.constructor', "'constructor' cannot be read", 5],
    ["user['__proto__']", "'__proto__' cannot be read", 5],
    ['user.name.constructor.prototype', "'constructor' cannot be read", 10],
    ['this', '`this` is not available', 0],
    ['this.user', '`this` is not available', 0],
    ['globalThis', "Unknown name 'globalThis'", 0],
    ['window.location', "Unknown name 'window'", 0],
    ['fetch("https://evil.example")', 'fetch() cannot be called', 0],
    ['user.email.replace("a", "b")', 'replace() cannot be called', 11],
    ['user.email["toLowerCase"]()', 'This() cannot be called', 0],
    ['user.name.toLowerCase(1)', 'toLowerCase() takes 0 arguments, not 1', 10],
    ['new Date(user.created_at)', '`new` is not allowed', 0],
    ['user.a; user.b', 'Only one expression is allowed', 8],
    ['(user.a, user.b)', 'Only one expression is allowed', 9],
    ['user.a | 1', "The operator '|' is not supported", 7],
    ['~user.a', "The operator '~' is not supported", 0],
    ['[1, , 2]', 'A list cannot have empty slots', 0],
  ])('%s', (source, message, index) => {
    const found = problem(source);
    expect(found.message).toContain(message);
    expect(found.index).toBe(index);
  });

  it('reports syntax errors with their position for as-you-type feedback', () => {
    expect(problem('user.name +')).toMatchObject({ index: 11 });
    expect(problem("user.name + 'abc")).toMatchObject({ message: expect.stringContaining('Unclosed quote') });
    expect(problem('user.name.')).toMatchObject({ index: 10 });
    expect(problem('`abc ${user.name')).toMatchObject({
      message: expect.stringContaining('Expected } to close'),
    });
    expect(problem('`abc')).toMatchObject({ message: expect.stringContaining('Unclosed template') });
    expect(problem('   ').message).toBe('The expression is empty');
    expect(problem('user.a + '.repeat(300)).message).toContain('characters long');
  });

  it('caps the number of parts in an expression', () => {
    const long = Array.from({ length: 300 }, () => '1').join('+');
    expect(problem(long).message).toContain('more than 500 parts');
  });
});

describe('attributes an expression reads', () => {
  it('lists top-level attributes, or null when the expression may read any', () => {
    const attributes = (source: string): string[] | null => {
      const result = compileExpression(source);
      return result.ok ? result.expression.attributes : ['<failed>'];
    };
    expect(attributes('user.user_metadata.name || user.name')).toEqual(['name', 'user_metadata']);
    expect(attributes("user['identities'][0].connection")).toEqual(['identities']);
    expect(attributes('user[user.k]')).toBeNull();
    expect(attributes('json(user)')).toBeNull();
    expect(attributes('1 + 1')).toEqual([]);
  });
});
