import { describe, expect, it } from 'vitest';
import { makeUsers } from '../../../tests/fixtures/export/make-users';
import { buildRow, cellText, rowObject } from './build-row';
import { compileFieldList, planExportJob } from './field-list';
import type { CompiledField, ExportField } from './field-spec';
import { classifyField, defaultExportFields } from './field-spec';

function compiled(fields: ExportField[]): CompiledField[] {
  const result = compileFieldList(fields);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.fields;
}

describe('default fields', () => {
  it('are the extension columns in its order', () => {
    expect(defaultExportFields().map((f) => `${f.source}->${f.column}`)).toEqual([
      'user_id->Id',
      'given_name->Given Name',
      'family_name->Family Name',
      'nickname->Nickname',
      'name->Name',
      'email->Email',
      'email_verified->Email Verified',
      'picture->Picture',
      'identities[0].connection->Connection',
      'created_at->Created At',
      'updated_at->Updated At',
    ]);
  });

  it('are a fresh list each time', () => {
    const first = defaultExportFields();
    first[0].column = 'changed';
    expect(defaultExportFields()[0].column).toBe('Id');
  });
});

describe('classifyField', () => {
  it('recognises paths, with or without user. in front', () => {
    expect(classifyField('identities[0].connection')).toEqual({
      kind: 'path',
      path: 'identities[0].connection',
      keys: ['identities', 0, 'connection'],
    });
    expect(classifyField(' user.user_metadata.plan ')).toEqual({
      kind: 'path',
      path: 'user_metadata.plan',
      keys: ['user_metadata', 'plan'],
    });
  });

  it('treats anything else as an expression', () => {
    expect(classifyField('user.user_metadata.name || user.name').kind).toBe('expression');
    expect(classifyField('user').kind).toBe('expression');
    expect(classifyField("user.user_metadata['first-name']").kind).toBe('expression');
  });
});

describe('compileFieldList', () => {
  it('reports empty fields, empty and duplicate columns and bad expressions, naming the field', () => {
    const result = compileFieldList([
      { source: 'email', column: 'Email' },
      { source: '', column: 'Blank' },
      { source: 'name', column: ' ' },
      { source: 'nickname', column: 'Email' },
      { source: 'user.name +', column: 'Broken' },
      { source: 'user.constructor', column: 'Evil' },
      { source: 'user_metadata.__proto__', column: 'Evil path' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.code])).toEqual([
      [2, 'column.empty'],
      [3, 'column.duplicate'],
      [1, 'field.empty'],
      [4, 'field.expression'],
      [5, 'field.forbidden-key'],
      [6, 'field.forbidden-key'],
    ]);
    expect(result.problems[1].message).toBe('Column "Email" is used by fields 1 and 4');
    expect(result.problems[3]).toMatchObject({
      index: 11,
      message: expect.stringContaining('Field 5 (Broken)'),
    });
  });

  it('refuses an empty list', () => {
    expect(compileFieldList([])).toMatchObject({ ok: false, problems: [{ code: 'fields.none' }] });
  });

  it('warns, without failing, about attributes Auth0 never exports', () => {
    const result = compileFieldList([{ source: 'user.password || user.email', column: 'X' }]);
    expect(result).toMatchObject({ ok: true, warnings: [{ code: 'field.unknown-attribute', field: 0 }] });
  });
});

describe('planExportJob', () => {
  it('lets Auth0 produce the columns when every field is a plain path', () => {
    const plan = planExportJob(compiled(defaultExportFields()), { format: 'csv' });
    expect(plan.evaluateLocally).toBe(false);
    expect(plan.format).toBe('csv');
    expect(plan.fields?.[8]).toEqual({ name: 'identities[0].connection', export_as: 'Connection' });
  });

  it('asks for the raw attributes in JSON when an expression, a sort or a CSV limit needs local work', () => {
    const fields = compiled([
      ...defaultExportFields(),
      { source: 'user.user_metadata.name || user.name', column: 'Display' },
    ]);
    const plan = planExportJob(fields, { format: 'csv' });
    expect(plan).toMatchObject({ evaluateLocally: true, format: 'json' });
    expect(plan.fields?.map((f) => f.name)).toEqual([
      'created_at',
      'email',
      'email_verified',
      'family_name',
      'given_name',
      'identities',
      'name',
      'nickname',
      'picture',
      'updated_at',
      'user_id',
      'user_metadata',
    ]);
    expect(plan.reasons[0]).toContain('Display');

    const [sort] = compiled([{ source: 'logins_count', column: 's' }]);
    const sorted = planExportJob(compiled([{ source: 'email', column: 'E' }]), { format: 'json', sort });
    expect(sorted.fields).toEqual([{ name: 'email' }, { name: 'logins_count' }]);
    expect(
      planExportJob(compiled([{ source: 'user_metadata', column: 'M' }]), { format: 'csv' }).reasons,
    ).toEqual(["Auth0's CSV export cannot hold whole objects such as user_metadata"]);
    const many = Array.from({ length: 31 }, (_, i) => ({ source: 'email', column: `c${i}` }));
    expect(planExportJob(compiled(many), { format: 'csv' }).evaluateLocally).toBe(true);
    expect(planExportJob(compiled(many), { format: 'json' }).evaluateLocally).toBe(false);
  });

  it('asks for every attribute when an expression may read any of them', () => {
    expect(
      planExportJob(compiled([{ source: 'json(user)', column: 'All' }]), { format: 'json' }).fields,
    ).toBeUndefined();
  });
});

describe('buildRow', () => {
  const fields = compiled([
    ...defaultExportFields(),
    { source: 'user.user_metadata.plan.toUpperCase()', column: 'Plan' },
    { source: 'user.logins_count', column: 'Logins' },
    { source: 'user.user_metadata', column: 'Meta' },
  ]);

  it('computes each column, keeping false and 0', () => {
    const user = {
      user_id: 'auth0|1',
      email: 'a@x.io',
      email_verified: false,
      logins_count: 0,
      identities: [{ connection: 'db' }],
      user_metadata: { plan: 'pro', b: 1, a: 2 },
    };
    const { values, warnings } = buildRow(user, fields);
    expect(values[0]).toBe('auth0|1');
    expect(values[6]).toBe(false);
    expect(values[8]).toBe('db');
    expect(values[11]).toBe('PRO');
    expect(values[12]).toBe(0);
    expect(warnings).toEqual([]);
    expect(values.map(cellText).slice(6, 14)).toEqual([
      'false',
      '',
      'db',
      '',
      '',
      'PRO',
      '0',
      '{"a":2,"b":1,"plan":"pro"}',
    ]);
    expect(Object.keys(rowObject(fields, values))).toEqual([
      'Id',
      'Email',
      'Email Verified',
      'Connection',
      'Plan',
      'Logins',
      'Meta',
    ]);
  });

  it('turns a failing expression into an empty cell and a warning for that row only', () => {
    const { values, warnings } = buildRow({ email: 'b@x.io', user_metadata: { plan: 42 } }, fields);
    expect(values[11]).toBeUndefined();
    expect(values[5]).toBe('b@x.io');
    expect(warnings).toEqual([
      { field: 11, column: 'Plan', message: 'toUpperCase() cannot be called on a number' },
    ]);
  });

  it('survives records that are not objects', () => {
    for (const bad of [null, 7, 'text', [1, 2]])
      expect(buildRow(bad, fields).values.every((v) => v === undefined || typeof v === 'number')).toBe(true);
  });

  it('keeps a column named __proto__ as data in the JSON row', () => {
    const [field] = compiled([{ source: 'email', column: '__proto__' }]);
    const row = rowObject([field], ['a@x.io']);
    expect(JSON.stringify(row)).toBe('{"__proto__":"a@x.io"}');
  });

  it('is fast: 100k users, 11 default fields and 2 expressions', () => {
    const users = makeUsers(100_000, 7);
    const measured = compiled([
      ...defaultExportFields(),
      { source: 'user.user_metadata.name || user.name || user.email', column: 'Display' },
      {
        source: "`${date(user.created_at, 'YYYY-MM-DD')} ${user.email.split('@')[1].toLowerCase()}`",
        column: 'Joined',
      },
    ]);
    const started = performance.now();
    let warnings = 0;
    for (const user of users) warnings += buildRow(user, measured).warnings.length;
    const ms = performance.now() - started;
    console.log(
      `buildRow: 100000 users x 13 fields in ${ms.toFixed(0)} ms (${Math.round(100_000 / (ms / 1000))} rows/s)`,
    );
    expect(warnings).toBe(0);
    // A generous bound: it catches quadratic work (hours at this size), not a slow or busy machine.
    expect(ms).toBeLessThan(20_000);
  });
});
