import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildValidatorSource, generatedValidators, lengthInUnitsIsSafe } from './validator-source';

describe('generated import-user validator', () => {
  const source = buildValidatorSource();

  it('is up to date with the schema (run `npm run gen:validators` if this fails)', () => {
    for (const { path, allErrors } of generatedValidators) {
      const committed = readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
      expect(committed, path).toBe(buildValidatorSource(allErrors));
    }
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

  it('has a twin that stops at the first problem and agrees on what passes', async () => {
    const { default: fast } = await import('./generated/validate-import-user-fast.js');
    expect(fast({ email: 'jane@example.com' })).toBe(true);
    expect(fast({ email: 'nope', blocked: 'x', extra: 1 })).toBe(false);
    expect(fast.errors).toHaveLength(1);
  });

  it('lets the fast twin count UTF-16 units only where that makes it stricter, never laxer', async () => {
    const { default: fast } = await import('./generated/validate-import-user-fast.js');
    const { default: exact } = await import('./generated/validate-import-user.js');
    expect(lengthInUnitsIsSafe()).toBe(true);
    // 150 emoji: 150 characters (the limit) but 300 UTF-16 units. The checker then asks the exact validator.
    const emojiName = { email: 'jane@example.com', name: '😀'.repeat(150) };
    expect(exact(emojiName)).toBe(true);
    expect(fast(emojiName)).toBe(false);
    expect(exact({ ...emojiName, name: '😀'.repeat(151) })).toBe(false);
    expect(fast({ email: 'jane@example.com', name: '' })).toBe(false);
  });

  it('leaves the metadata key rule to the walk, which together with the fast twin passes exactly what the exact one passes', async () => {
    const { default: fast } = await import('./generated/validate-import-user-fast.js');
    const { default: exact } = await import('./generated/validate-import-user.js');
    const { metadataKeysAreSafe } = await import('../rules/metadata-keys');
    const nest = (depth: number, leaf: unknown): unknown =>
      depth === 0 ? leaf : { a: nest(depth - 1, leaf) };
    const records: Record<string, unknown>[] = [
      { email: 'a@b.co', user_metadata: { plan: 'pro', prefs: { theme: 'dark' } } },
      { email: 'a@b.co', user_metadata: { 'plan.tier': 'pro' } },
      { email: 'a@b.co', app_metadata: { roles: [{ $admin: true }] } },
      { email: 'a@b.co', app_metadata: { deep: nest(40, { 'x.y': 1 }) } },
      { email: 'a@b.co', user_metadata: { list: [[['ok']], { fine: null }] } },
      { email: 'a@b.co', user_metadata: nest(300, 1) },
      { email: 'a@b.co', user_metadata: { plan: 'pro' }, blocked: 'no' },
    ];
    const verdicts = records.map((record) => (fast(record) && metadataKeysAreSafe(record)) || exact(record));
    expect(verdicts).toEqual(records.map((record) => exact(record)));
    expect(verdicts).toEqual([true, false, false, false, true, true, false]);
    // The fast twin alone now lets a bad key through: the walk is what stops it.
    expect(fast(records[1])).toBe(true);
    expect(metadataKeysAreSafe(records[1])).toBe(false);
  });
});
