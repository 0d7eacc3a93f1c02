import { parseArgs } from 'node:util';
import type { OutputFormat } from '../core/workbench/contract';

export const usage = `Ferry: check and convert Auth0 user files (JSON array, NDJSON, CSV, optionally gzipped).

Usage:
  ferry check FILE... [--json] [--no-fix]
  ferry convert FILE --to json|ndjson|csv|import [--split BYTES] [--out PATH] [--no-fix]
  ferry --help

check     Checks every record against what an Auth0 import accepts.
          --json prints one JSON document: {"summary": {...}, "findings": [...]}.
convert   Writes the records in another format. "import" writes only the valid records as Auth0
          import files, split into parts of at most --split bytes (default 450000; 0 = one file):
          NAME.part-001.json, NAME.part-002.json, ... (next to FILE, or in the folder --out).
          For other formats --out is the output file (default: next to FILE).
--no-fix  Report problems that Ferry would otherwise fix (auth0| prefixes, export-only keys).

Exit codes: 0 no record has an error, 1 some records have errors, 2 a file cannot be read (or bad usage).`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'check'; files: string[]; json: boolean; fix: boolean }
  | { kind: 'convert'; file: string; to: OutputFormat; split: number; out: string | null; fix: boolean };

/** A usage mistake, explained. */
export class UsageError extends Error {}

const targets: readonly OutputFormat[] = ['json', 'ndjson', 'csv', 'import'];

export function parseCommand(argv: readonly string[]): CliCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      'no-fix': { type: 'boolean' },
      to: { type: 'string' },
      split: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
  });
  const [command, ...files] = positionals;
  if (values.help || command === undefined || command === 'help') return { kind: 'help' };
  const fix = !values['no-fix'];
  if (command === 'check') {
    if (files.length === 0) throw new UsageError('check needs at least one FILE.');
    return { kind: 'check', files, json: values.json ?? false, fix };
  }
  if (command !== 'convert') throw new UsageError(`Unknown command "${command}": use check or convert.`);
  if (files.length !== 1) throw new UsageError('convert takes exactly one FILE.');
  const to = values.to as OutputFormat | undefined;
  if (to === undefined || !targets.includes(to))
    throw new UsageError('convert needs --to json, ndjson, csv or import.');
  return {
    kind: 'convert',
    file: files[0],
    to,
    split: parseSplit(values.split),
    out: values.out ?? null,
    fix,
  };
}

function parseSplit(text: string | undefined): number {
  if (text === undefined) return 450_000;
  const bytes = Number(text);
  if (!Number.isInteger(bytes) || bytes < 0)
    throw new UsageError(`--split needs a whole number of bytes, not "${text}".`);
  return bytes;
}
