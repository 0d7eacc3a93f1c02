import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const fixtures = join(import.meta.dirname, '../../tests/fixtures/formats');
const ferry = join(import.meta.dirname, '../../bin/ferry.js');

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [ferry, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('ferry CLI', () => {
  it('prints help', () => {
    const result = run('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ferry check FILE...');
  });

  it('check exits 0 for a valid file and reports the fix it would apply', () => {
    const result = run('check', join(fixtures, 'valid-users.json'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid-users.json (json-array');
    expect(result.stdout).toContain('1 valid, 1 fixed, 0 with errors');
  });

  it('check --json prints exactly one JSON document and exits 1 when records have errors', () => {
    const result = run('check', join(fixtures, 'mixed-users.ndjson'), join(fixtures, 'users.csv'), '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    // No email, bad JSON line, and ann@example.com again in the second file (duplicates count across files).
    expect(report.summary.counts).toMatchObject({ total: 6, invalid: 3 });
    expect(report.findings).toContainEqual(
      expect.objectContaining({ file: 'users.csv', line: 2, code: 'duplicate.email' }),
    );
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        file: 'mixed-users.ndjson',
        record: 2,
        line: 3,
        path: '',
        code: 'ndjson.parse',
        severity: 'error',
      }),
    );
    expect(Object.keys(report.findings[0])).toEqual([
      'file',
      'record',
      'line',
      'path',
      'code',
      'severity',
      'message',
      'hint',
    ]);
  });

  it('check exits 2 when a file cannot be read, naming the line of the fault', () => {
    const truncated = run('check', join(fixtures, 'truncated.json'));
    expect(truncated.code).toBe(2);
    expect(truncated.stdout).toContain('CANNOT READ (line 3');
    const missing = run('check', join(fixtures, 'no-such-file.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
    writeFileSync(join(dir, 'utf16.csv'), Buffer.from('\uFEFFemail\na@b.co\n', 'utf16le'));
    const utf16 = run('check', join(dir, 'utf16.csv'));
    expect(utf16.code).toBe(2);
    expect(utf16.stdout).toContain('UTF-8');
  });

  it('convert --split writes numbered part files, each a JSON array within the limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
    const input = join(dir, 'many.ndjson.gz');
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ email: `user${i}@example.com`, name: `User ${i}` }),
    );
    writeFileSync(input, gzipSync(lines.join('\n')));
    const result = run('convert', input, '--to', 'import', '--split', '1000', '--out', join(dir, 'out/'));
    expect(result.code).toBe(0);
    const parts = readdirSync(join(dir, 'out')).sort();
    expect(parts[0]).toBe('many.part-001.json');
    const users = parts.flatMap((name) => {
      const text = readFileSync(join(dir, 'out', name));
      expect(text.length).toBeLessThanOrEqual(1000);
      return JSON.parse(text.toString('utf8')) as unknown[];
    });
    expect(users).toHaveLength(50);
  });

  it('convert --to csv writes the CSV next to the input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
    const out = join(dir, 'users.csv');
    const result = run('convert', join(fixtures, 'valid-users.json'), '--to', 'csv', '--out', out);
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      'email,user_id,name,user_metadata.plan\r\nann@example.com,ann1,Ann,\r\nbob@example.com,,,gold\r\n',
    );
  });

  it('rejects bad usage with exit code 2', () => {
    const result = run('convert', join(fixtures, 'valid-users.json'), '--to', 'xml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--to json, ndjson, csv or import');
  });
});
