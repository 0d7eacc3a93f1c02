/** The Convert screen's options: what each means, and checking the split size the user typed. */
import type { OutputFormat } from '../../core/workbench/contract';
import { maxHelpers } from '../../core/workbench/helper-count';

/** Auth0 answers 413 above 512,000 bytes of payload and documents 500 KB: no part may be larger than this. */
export const maxSplitBytes = 500_000;
/** Below this a part would hold only a handful of users and a run would make thousands of jobs. */
export const minSplitBytes = 1_000;

export interface OutputFormatChoice {
  value: OutputFormat;
  label: string;
  explanation: string;
}

/** The output formats in the order the screen offers them, each with its one-line explanation. */
export const outputFormatChoices: readonly OutputFormatChoice[] = [
  {
    value: 'import',
    label: 'Auth0 import file (JSON array)',
    explanation: 'Only the valid records, split into parts an Auth0 import job accepts.',
  },
  {
    value: 'json',
    label: 'JSON',
    explanation: 'All records that could be read, as one JSON array.',
  },
  {
    value: 'ndjson',
    label: 'NDJSON',
    explanation: 'All records that could be read, one JSON object per line.',
  },
  {
    value: 'csv',
    label: 'CSV',
    explanation: 'All records that could be read, one row each; nested values are written as JSON.',
  },
];

export type SplitSizeCheck = { ok: true; bytes: number } | { ok: false; message: string };

/** Reads the split size as typed ("450000", "450,000", "450 000") and says what is wrong with it, if anything. */
export function checkSplitSize(typed: string): SplitSizeCheck {
  const compact = typed.trim().replace(/[\s,_]/g, '');
  if (compact === '') return { ok: false, message: 'Enter a size in bytes, for example 450000.' };
  if (!/^\d+$/.test(compact)) {
    return { ok: false, message: 'Use digits only: a whole number of bytes, for example 450000.' };
  }
  const bytes = Number(compact);
  if (bytes < minSplitBytes) {
    return { ok: false, message: `Use at least ${minSplitBytes.toLocaleString('en-US')} bytes.` };
  }
  if (bytes > maxSplitBytes) {
    return {
      ok: false,
      message: `Use at most ${maxSplitBytes.toLocaleString('en-US')} bytes: Auth0 rejects import files over 500 KB.`,
    };
  }
  return { ok: true, bytes };
}

export interface HelperChoice {
  value: number | 'auto';
  label: string;
}

/**
 * The helper-thread choices, "Automatic" first with what it means on this machine (`autoHelpers`, from
 * autoHelperCount and the browser's core count).
 */
export function helperChoices(autoHelpers: number): HelperChoice[] {
  const automatic =
    autoHelpers === 0 ? 'Automatic (none on this machine)' : `Automatic (${autoHelpers} on this machine)`;
  return [
    { value: 'auto', label: automatic },
    { value: 0, label: 'None: this thread only' },
    ...Array.from({ length: maxHelpers }, (_, i) => ({
      value: i + 1,
      label: `${i + 1} helper thread${i > 0 ? 's' : ''}`,
    })),
  ];
}
