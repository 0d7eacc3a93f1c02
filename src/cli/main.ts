/**
 * The `ferry` command line: the same engine as the page (src/core/workbench), reading files from disk as Blobs.
 * Exit codes: 0 no record has an error, 1 some do, 2 a file cannot be read or the command is wrong.
 */
import { openAsBlob } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { createWorkbench } from '../core/workbench/engine';
import type {
  Download,
  WorkbenchInput,
  WorkbenchProgress,
  WorkbenchSummary,
} from '../core/workbench/contract';
import { parseCommand, usage, UsageError, type CliCommand } from './args';
import { humanReport, shownFindings } from './human-report';

type ConvertCommand = Extract<CliCommand, { kind: 'convert' }>;

async function openInputs(paths: readonly string[]): Promise<{ inputs: WorkbenchInput[]; missing: number }> {
  const inputs: WorkbenchInput[] = [];
  let missing = 0;
  for (const path of paths) {
    try {
      if (!(await stat(path)).isFile()) throw new Error('not a file');
      inputs.push({ name: basename(path), blob: (await openAsBlob(path)) as Blob });
    } catch (error) {
      missing++;
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      process.stderr.write(`ferry: cannot read ${path}: ${reason}\n`);
    }
  }
  return { inputs, missing };
}

function exitCode(summary: WorkbenchSummary, missing: number): number {
  if (missing > 0 || summary.files.some((file) => file.problem !== null)) return 2;
  return summary.counts.invalid > 0 ? 1 : 0;
}

/** Progress on stderr, only for a person watching a terminal. */
function progressPrinter(): (progress: WorkbenchProgress) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (p) => {
    const percent = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
    process.stderr.write(
      `\r${p.file}: ${p.records} records, ${percent}%, ${p.megabytesPerSecond.toFixed(1)} MB/s   `,
    );
  };
}

async function writeBlob(blob: Blob, path: string): Promise<void> {
  await pipeline(Readable.fromWeb(blob.stream() as never), createWriteStream(path));
}

async function check(files: string[], json: boolean, fix: boolean): Promise<number> {
  const { inputs, missing } = await openInputs(files);
  const engine = createWorkbench();
  const options = { target: 'import' as const, splitBytes: 450_000, fix, convert: false };
  const summary = await engine.run(inputs, options, progressPrinter());
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (json) {
    const [report] = await engine.downloads(['error-report-json']);
    await pipeline(Readable.fromWeb(report.blob.stream() as never), process.stdout, { end: false });
  } else {
    process.stdout.write(humanReport(summary, await engine.findings({ offset: 0, limit: shownFindings })));
  }
  return exitCode(summary, missing);
}

/** Where each output goes: `--out` is a folder (existing, or ending in /) or the path of the single output. */
async function outputPath(command: ConvertCommand, download: Download, single: boolean): Promise<string> {
  const out = command.out;
  if (out === null) return join(dirname(command.file), download.fileName);
  const isFolder = out.endsWith('/') || (await stat(out).catch(() => null))?.isDirectory() === true;
  if (isFolder) {
    await mkdir(out, { recursive: true });
    return join(out, download.fileName);
  }
  if (single) return out;
  return join(
    dirname(out),
    download.fileName.replace(/^.*?(\.part-\d+\.json)$/, `${basename(out, '.json')}$1`),
  );
}

async function convert(command: ConvertCommand): Promise<number> {
  const { inputs, missing } = await openInputs([command.file]);
  if (missing > 0) return 2;
  const engine = createWorkbench();
  const options = { target: command.to, splitBytes: command.split, fix: command.fix };
  const summary = await engine.run(inputs, options, progressPrinter());
  if (process.stderr.isTTY) process.stderr.write('\n');
  const outputs = await engine.downloads(['converted', 'part']);
  const written: string[] = [];
  for (const download of outputs) {
    const path = await outputPath(command, download, outputs.length === 1);
    await writeBlob(download.blob, path);
    written.push(`${path} (${download.blob.size} bytes)`);
  }
  process.stdout.write(humanReport(summary, await engine.findings({ offset: 0, limit: shownFindings })));
  process.stdout.write(written.length > 0 ? `Wrote:\n  ${written.join('\n  ')}\n` : 'No records to write.\n');
  return exitCode(summary, missing);
}

async function main(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    const message = error instanceof UsageError || error instanceof TypeError ? error.message : String(error);
    process.stderr.write(`ferry: ${message}\n\n${usage}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command.kind === 'check') return check(command.files, command.json, command.fix);
  return convert(command);
}

process.exitCode = await main(process.argv.slice(2));
