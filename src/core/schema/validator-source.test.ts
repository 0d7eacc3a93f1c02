import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildValidatorSource, generatedValidatorPath } from './validator-source';

const committedUrl = new URL(`../../../${generatedValidatorPath}`, import.meta.url);

describe('generated import-user validator', () => {
  const source = buildValidatorSource();

  it('is up to date with the schema (run `npm run gen:validators` if this fails)', () => {
    expect(readFileSync(committedUrl, 'utf8')).toBe(source);
  });

  it('is deterministic', () => {
    expect(buildValidatorSource()).toBe(source);
  });

  it('needs no eval and imports nothing, so it runs under a strict CSP in the browser and in Node', () => {
    expect(source).not.toMatch(/new Function|\beval\(/);
    expect(source).not.toMatch(/\brequire\(|^import\s/m);
    expect(source).toMatch(/^export default validate\d+;$/m);
  });

  it('reports every problem of a record in one call (allErrors)', async () => {
    const { default: validate } = await import('./generated/validate-import-user.js');
    expect(validate({ email: 'jane@example.com' })).toBe(true);
    expect(validate({ email: 'nope', blocked: 'x', extra: 1 })).toBe(false);
    expect(validate.errors?.map((error) => error.keyword).sort()).toEqual([
      'additionalProperties',
      'format',
      'pattern',
      'type',
    ]);
  });
});
