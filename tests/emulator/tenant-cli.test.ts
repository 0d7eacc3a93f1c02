import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { json } from './test-helpers';

/** scripts/tenant.mjs, the emulator's command line. */
const script = fileURLToPath(new URL('../../scripts/tenant.mjs', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

describe('node scripts/tenant.mjs', () => {
  it('--help (or -h) prints every flag and exits 0 without starting a tenant', () => {
    for (const flag of ['--help', '-h']) {
      const result = run('--port', '1', flag);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Usage: node scripts\/tenant\.mjs \[options\]/);
      for (const name of ['--port', '--plan', '--users', '--origin', '--slow-search-ms', '--retention-ms']) {
        expect(result.stdout).toContain(name);
      }
      expect(result.stdout).not.toContain('Demo Auth0 tenant');
    }
  });

  it('refuses an unknown flag, a missing value or a bad value with one clear line and exit code 2', () => {
    const cases: [string[], string][] = [
      [['--prot', '4500'], 'Unknown option --prot.'],
      [['--port'], '--port needs a value.'],
      [['--users', 'many'], '--users needs a number, got many.'],
      [
        ['--plan', 'gold'],
        '--plan must be one of free, essentials, professional, enterprise, off, got gold.',
      ],
    ];
    for (const [args, message] of cases) {
      const result = run(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim()).toBe(`${message} Run node scripts/tenant.mjs --help for the options.`);
      expect(result.stderr).not.toMatch(/\bat .*\.mjs:\d+/); // no stack trace
    }
  });

  it('starts with the flags applied and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [
      script,
      '--port',
      '0',
      '--users',
      '3',
      '--search-timeout-ms',
      '700',
      '--slow-search-ms',
      '50',
      '--retention-ms',
      '5000',
    ]);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /Demo Auth0 tenant \(local emulator\) at (\S+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const state = await json(await fetch(`${url}/__admin/state`));
      expect(state.userCount).toBe(3);
      expect(state.timing).toMatchObject({ searchTimeoutMs: 700, retentionMs: 5000 });
      expect(state.faults).toEqual({ slowSearchMs: 50 });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
