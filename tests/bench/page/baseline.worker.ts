/**
 * The yardstick: the plainest parse of the same Blob the workbench reads, in a worker as the workbench runs. It only
 * parses (no checks, no output), so the workbench can at best approach it.
 */
import Papa from 'papaparse';
import type { BaselineKind } from '../bench-types';

interface BaselineRequest {
  blob: Blob;
  kind: BaselineKind;
}

/** JSON.parses each complete line of `text`; returns how many it parsed and the unfinished tail. */
function parseLines(text: string): { records: number; rest: string } {
  let records = 0;
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    // Using the result keeps the parse observable, so it cannot be optimised away.
    if (end > start && JSON.parse(text.slice(start, end)) !== undefined) records += 1;
    start = end + 1;
  }
  return { records, rest: text.slice(start) };
}

/**
 * Streams the Blob and parses line by line, as a minimal bounded-memory NDJSON reader would; `gzip` first inflates
 * it with the browser's own DecompressionStream (an export job's file).
 */
async function parseNdjsonStream(blob: Blob, gzip = false): Promise<number> {
  const bytes = gzip ? blob.stream().pipeThrough(new DecompressionStream('gzip')) : blob.stream();
  const reader = bytes.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  let records = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const parsed = parseLines(rest + value);
    records += parsed.records;
    rest = parsed.rest;
  }
  return records + parseLines(`${rest}\n`).records;
}

/** Reads the whole Blob as one string, then parses line by line. */
async function parseNdjsonText(blob: Blob): Promise<number> {
  return parseLines(`${await blob.text()}\n`).records;
}

async function parse(blob: Blob, kind: BaselineKind): Promise<number> {
  switch (kind) {
    case 'json-parse': {
      const value: unknown = JSON.parse(await blob.text());
      return Array.isArray(value) ? value.length : 0;
    }
    case 'ndjson-stream':
      return parseNdjsonStream(blob);
    case 'ndjson-text':
      return parseNdjsonText(blob);
    case 'gzip-ndjson':
      return parseNdjsonStream(blob, true);
    case 'papaparse':
      return Papa.parse<Record<string, string>>(await blob.text(), { header: true, skipEmptyLines: true })
        .data.length;
  }
}

// Typed by hand: this folder is checked with the DOM library, where `self` is a Window.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<BaselineRequest>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (event) => {
  const { blob, kind } = event.data;
  parse(blob, kind).then(
    (records) => scope.postMessage({ records }),
    (error: unknown) => scope.postMessage({ error: String(error) }),
  );
};
