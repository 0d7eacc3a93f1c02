import type { InputFormat } from '../workbench/contract';
import { faultWithoutPosition, type FileProblemError } from './file-problem';

/** gzip streams start with 1F 8B whatever the file is called. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export function hasUtf8Bom(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

/**
 * A UTF-16 file (a BOM, or text where every other byte is NUL) as a fault, else null. UTF-16 is what Excel and
 * PowerShell write by default; read as UTF-8 it would silently turn into garbage.
 */
export function utf16Fault(head: Uint8Array): FileProblemError | null {
  const bom =
    head.length >= 2 && ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0xff && head[1] === 0xfe));
  if (bom || looksLikeUtf16WithoutBom(head)) {
    return faultWithoutPosition(
      'encoding.utf16',
      'This file is encoded as UTF-16; Ferry reads UTF-8 only.',
      'Save the file as UTF-8 (in Excel: "CSV UTF-8"; in an editor: Save with encoding UTF-8) and add it again.',
    );
  }
  return null;
}

function looksLikeUtf16WithoutBom(head: Uint8Array): boolean {
  const pairs = Math.floor(Math.min(head.length, 64) / 2);
  if (pairs < 2) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenNuls++;
    if (head[i + 1] === 0) oddNuls++;
  }
  // ASCII text in UTF-16 has a NUL in every pair, on one side; UTF-8 text has none.
  return Math.max(evenNuls, oddNuls) >= pairs * 0.75;
}

/**
 * The format from the content: `[` starts a JSON array, `{` an NDJSON file, anything else is CSV. Null when the
 * text holds nothing but whitespace so far.
 */
export function detectFormat(text: string): InputFormat | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff) continue;
    if (code === 0x5b) return 'json-array';
    if (code === 0x7b) return 'ndjson';
    return 'csv';
  }
  return null;
}
