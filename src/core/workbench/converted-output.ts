import { BlobBuilder } from '../formats/blob-builder';
import { CsvColumnCollector } from '../formats/csv-columns';
import { compileCsvColumns, csvHeaderLine, csvRowLine, type CsvWriteOptions } from '../formats/csv-writer';
import { JsonArrayWriter, NdjsonWriter } from '../formats/json-writers';
import { ImportSplitter } from '../formats/import-splitter';
import { NdjsonReader } from '../formats/ndjson-reader';
import { openTextSource } from '../formats/text-source';
import { zipBlobs, type ZipMaker } from '../formats/zip';
import type { Download, OutputFormat, WorkbenchOptions } from './contract';
import { PlacementLedger, type RecordAt } from '../formats/part-placements';

/** Undoes everything added to an output since its checkpoint was taken. */
export type Rollback = () => void;

/** Where the records of a run go, in the chosen format, as they are checked. */
export interface ConvertedOutput {
  /** Whether a record goes in: the import file takes only valid records; the plain conversions take every object. */
  wants(valid: boolean): boolean;
  /**
   * Adds a serialized record; false when it is too large for an import part (nothing was added). `at` says which
   * record it is, for `placements`.
   */
  add(value: Record<string, unknown>, json: string, at?: RecordAt): boolean;
  /**
   * Adds a record already serialized as UTF-8 (from a batch checker): as `add`, without the value. Not for the
   * converted CSV, whose columns come from the values (batches are not used for it).
   */
  addBytes(json: Uint8Array, at?: RecordAt): boolean;
  /**
   * Import parts only, when asked for: which records went into which part. Each file then starts a part of its own
   * (an import job takes one file's records), which Convert & check does not need.
   */
  readonly placements: PlacementLedger | null;
  /** The records added from now on come from `file`. */
  beginFile(file: string): void;
  /** The current file's records are all added. */
  endFile(): void;
  /**
   * Remembers the output as it is now. A file that fails partway is rolled back to this, so no output ever holds
   * part of a file. Blobs are only referenced, never copied: a checkpoint is cheap.
   */
  checkpoint(): Rollback;
  /** Import parts so far. */
  readonly parts: number;
  /** The downloads (named after `baseName`); the parts' zip is not among them (see `zipParts`). */
  finish(baseName: string): Promise<Download[]>;
}

/** The converted CSV's options, from the workbench options (comma, no BOM, formula protection on by default). */
export function csvWriteOptions(options: Partial<WorkbenchOptions>): CsvWriteOptions {
  return {
    delimiter: options.csvDelimiter ?? ',',
    bom: options.csvBom ?? false,
    formulaProtection: options.csvFormulaProtection ?? true,
  };
}

/** 'none' builds nothing (check only). */
export function createConvertedOutput(
  target: OutputFormat | 'none',
  splitBytes: number,
  csv: CsvWriteOptions = csvWriteOptions({}),
  placements = false,
): ConvertedOutput {
  if (target === 'none') {
    return {
      ...noFiles,
      parts: 0,
      wants: () => false,
      add: () => true,
      addBytes: () => true,
      checkpoint: () => () => undefined,
      finish: async () => [],
    };
  }
  if (target === 'import') return importOutput(splitBytes, placements ? new PlacementLedger() : null);
  if (target === 'csv') return csvOutput(csv);
  const out = new BlobBuilder();
  const writer = target === 'json' ? new JsonArrayWriter(out) : new NdjsonWriter(out);
  const extension = target === 'json' ? 'json' : 'ndjson';
  return {
    ...noFiles,
    parts: 0,
    wants: () => true,
    add: (_value, json) => {
      writer.add(json);
      return true;
    },
    addBytes: (json) => {
      writer.addBytes(json);
      return true;
    },
    checkpoint: () => {
      const mark = writer.mark();
      return () => writer.rollback(mark);
    },
    finish: async (baseName) => {
      const blob = writer.finish();
      return [
        { kind: 'converted', fileName: `${baseName}.converted.${extension}`, mimeType: blob.type, blob },
      ];
    },
  };
}

/** For the outputs that keep no placements: files make no difference to them. */
const noFiles = { placements: null, beginFile: () => undefined, endFile: () => undefined } as const;

/** Part file names: NAME.part-001.json and on. */
export function partFileName(baseName: string, index: number): string {
  return `${baseName}.part-${String(index + 1).padStart(3, '0')}.json`;
}

function importOutput(splitBytes: number, ledger: PlacementLedger | null): ConvertedOutput {
  const splitter = new ImportSplitter(splitBytes, ledger);
  return {
    get parts() {
      return splitter.closedParts + (splitter.pending ? 1 : 0);
    },
    placements: ledger,
    wants: (valid) => valid,
    add: (_value, json, at) => splitter.add(json, at),
    addBytes: (json, at) => splitter.addBytes(json, at),
    beginFile: (file) => ledger?.beginFile(file),
    // With placements, a file's records never share a part with another file's.
    endFile: () => {
      if (ledger) splitter.cut();
    },
    checkpoint: () => {
      const mark = splitter.mark();
      return () => splitter.rollback(mark);
    },
    finish: async (baseName) => {
      const parts = splitter.finish();
      if (parts.length === 1) {
        return [
          {
            kind: 'converted',
            fileName: `${baseName}.import.json`,
            mimeType: 'application/json',
            blob: parts[0],
          },
        ];
      }
      return parts.map((blob, i) => ({
        kind: 'part',
        fileName: partFileName(baseName, i),
        mimeType: 'application/json',
        blob,
      }));
    },
  };
}

/** All parts in one zip (made only when asked for: deflating 1M users' parts takes seconds), by `zip`. */
export async function zipParts(
  parts: readonly Download[],
  baseName: string,
  zip: ZipMaker = zipBlobs,
): Promise<Download> {
  const packed = await zip(parts.map((part) => ({ name: part.fileName, blob: part.blob })));
  return { kind: 'parts-zip', fileName: `${baseName}.parts.zip`, mimeType: packed.type, blob: packed };
}

/**
 * CSV columns are the union over all records, known only at the end: records go to a compact NDJSON Blob during
 * the pass, and that Blob is streamed into CSV once the columns are known (bounded memory, no second file read).
 */
function csvOutput(options: CsvWriteOptions): ConvertedOutput {
  const staged = new NdjsonWriter(new BlobBuilder());
  const collector = new CsvColumnCollector();
  return {
    ...noFiles,
    parts: 0,
    wants: () => true,
    add: (value, json) => {
      collector.add(value);
      staged.add(json);
      return true;
    },
    addBytes: () => {
      throw new Error("The converted CSV needs each record's value: its records are not checked in batches.");
    },
    checkpoint: () => {
      const stagedMark = staged.mark();
      const columnsMark = collector.mark();
      return () => {
        staged.rollback(stagedMark);
        collector.rollback(columnsMark);
      };
    },
    finish: async (baseName) => {
      const blob = await stagedToCsv(staged.finish(), collector, options);
      return [{ kind: 'converted', fileName: `${baseName}.converted.csv`, mimeType: blob.type, blob }];
    },
  };
}

async function stagedToCsv(
  staged: Blob,
  collector: CsvColumnCollector,
  options: CsvWriteOptions,
): Promise<Blob> {
  const out = new BlobBuilder();
  const columns = compileCsvColumns(collector.columns());
  out.append(csvHeaderLine(columns, options));
  const reader = new NdjsonReader({
    record: (record) => out.append(csvRowLine(record.value, columns, options)),
    unreadable: () => undefined,
  });
  const source = await openTextSource(staged.stream(), () => undefined);
  for await (const chunk of source.chunks) reader.push(chunk.text);
  reader.end();
  return out.toBlob('text/csv;charset=utf-8');
}
