import { describe, expect, it, vi } from 'vitest';
import { emptyCounts } from '../../core/findings';
import type {
  Download,
  WorkbenchApi,
  WorkbenchInput,
  WorkbenchOptions,
  WorkbenchProgress,
  WorkbenchSummary,
} from '../../core/workbench/contract';
import { ConvertState } from './convert.svelte';

function summaryOf(inputs: WorkbenchInput[], cancelled = false): WorkbenchSummary {
  const counts = { total: 4, valid: 2, fixed: 1, invalid: 1, skipped: 0 };
  return {
    files: inputs.map((input) => ({
      name: input.name,
      format: 'json-array',
      compressed: false,
      bytes: input.blob.size,
      counts,
      fixes: [{ code: 'fix.user_id.auth0-prefix', description: 'Removed auth0| from user_id', records: 1 }],
      problem: null,
      cancelled,
    })),
    counts: { ...emptyCounts(), ...counts },
    findingCounts: { errors: 1, warnings: 0, byCode: { 'email.format': 1 } },
    parts: 1,
    elapsedMs: 12,
  };
}

/** A fake engine: `run` reports progress, then waits for `finish` (or finishes at once when `instant`). */
function fakeEngine(instant = true) {
  const calls: { inputs: WorkbenchInput[]; options: WorkbenchOptions }[] = [];
  let finish: ((cancelled: boolean) => void) | undefined;
  let fail: ((error: Error) => void) | undefined;
  const api: WorkbenchApi = {
    run: vi.fn((inputs, options, onProgress: (progress: WorkbenchProgress) => void) => {
      calls.push({ inputs, options });
      const progress = { file: inputs[0].name, fileIndex: 0, fileCount: inputs.length, records: 2 };
      onProgress({ ...progress, bytesRead: 5, totalBytes: 10, megabytesPerSecond: 1, etaSeconds: 1 });
      if (instant) return Promise.resolve(summaryOf(inputs));
      return new Promise<WorkbenchSummary>((resolve, reject) => {
        finish = (cancelled) => resolve(summaryOf(inputs, cancelled));
        fail = reject;
      });
    }),
    cancel: vi.fn(() => finish?.(true)),
    findings: vi.fn(async () => ({
      total: 1,
      rows: [
        {
          file: 'a.json',
          record: 3,
          line: 5,
          path: '/email',
          code: 'email.format',
          severity: 'error' as const,
          message: 'Not an email',
          hint: 'Fix it',
        },
      ],
    })),
    downloads: vi.fn(async () => [
      {
        kind: 'converted' as const,
        fileName: 'a.import.json',
        mimeType: 'application/json',
        blob: new Blob(['[]']),
      },
      {
        kind: 'error-report-csv' as const,
        fileName: 'a.errors.csv',
        mimeType: 'text/csv',
        blob: new Blob(['x']),
      },
    ]),
  };
  const close = vi.fn();
  const connect = vi.fn(() => ({ api, close }));
  return {
    api,
    calls,
    connect,
    close,
    finish: (cancelled = false) => finish?.(cancelled),
    fail: (e: Error) => fail?.(e),
  };
}

const file = (name: string, text = '[{"email":"a@example.com"}]') => new File([text], name);
const noSample = () => Promise.reject(new Error('offline'));

describe('ConvertState', () => {
  it('checks chosen files with the current options and shows summary, downloads and findings', async () => {
    const engine = fakeEngine();
    const state = new ConvertState(engine.connect, noSample);
    state.setTarget('ndjson');
    state.setSplitText('20,000');
    state.setFix(false);
    state.setWorkers(2);
    await state.chooseFiles([file('a.json'), file('b.json')]);

    expect(engine.calls[0].options).toEqual({ target: 'ndjson', splitBytes: 20_000, fix: false, workers: 2 });
    expect(engine.calls[0].inputs.map((input) => input.name)).toEqual(['a.json', 'b.json']);
    expect(state.phase).toBe('done');
    expect(state.summary?.counts.total).toBe(4);
    expect(state.downloads.files.map((link) => link.fileName)).toEqual(['a.import.json', 'a.errors.csv']);
    expect(state.downloads.files[0].href).toMatch(/^blob:/);
    expect(state.findings.rowAt(0)?.message).toBe('Not an email');
    expect(state.announcement).toBe('Done: 4 records, 2 valid, 1 fixed, 1 invalid, 0 skipped.');
    expect(state.fileProgress.map((row) => row.state)).toEqual(['done', 'done']);
  });

  it('shows the results with the parts at once and adds the zip of all parts when it is ready', async () => {
    const engine = fakeEngine();
    const part = (n: number) => ({
      kind: 'part' as const,
      fileName: `a.part-00${n}.json`,
      mimeType: 'application/json',
      blob: new Blob(['[]']),
    });
    const zips: ((zip: Download) => void)[] = [];
    engine.api.downloads = vi.fn(async (only?: readonly string[]) =>
      only?.includes('parts-zip')
        ? [await new Promise<Download>((resolve) => zips.push(resolve))]
        : [part(1), part(2)],
    );
    const zip = (name: string): Download => ({
      kind: 'parts-zip',
      fileName: name,
      mimeType: 'application/zip',
      blob: new Blob(['PK']),
    });
    const state = new ConvertState(engine.connect, noSample);
    await state.chooseFiles([file('a.json')]);
    expect(state.phase).toBe('done');
    expect(state.downloads.parts.map((link) => link.fileName)).toEqual([
      'a.part-001.json',
      'a.part-002.json',
    ]);
    expect(state.zip).toBe('preparing');
    expect(state.downloads.zip).toBeNull();
    zips[0](zip('a.parts.zip'));
    await vi.waitFor(() => expect(state.zip).toBe('ready'));
    expect(state.downloads.zip?.fileName).toBe('a.parts.zip');
    expect(state.downloads.parts).toHaveLength(2);

    // A zip that is ready only after another run started belongs to the old results: it is not shown.
    await state.run();
    expect(state.zip).toBe('preparing');
    await state.run();
    zips[1](zip('old.parts.zip'));
    zips[2](zip('new.parts.zip'));
    await vi.waitFor(() => expect(state.zip).toBe('ready'));
    expect(state.downloads.zip?.fileName).toBe('new.parts.zip');
  });

  it('starts the engine once, on connect, and reuses it', async () => {
    const engine = fakeEngine();
    const state = new ConvertState(engine.connect, noSample);
    state.connect();
    expect(engine.connect).toHaveBeenCalledTimes(1);
    await state.chooseFiles([file('a.json')]);
    await state.run();
    expect(engine.connect).toHaveBeenCalledTimes(1);
    expect(engine.api.run).toHaveBeenCalledTimes(2);
    state.dispose();
    expect(engine.close).toHaveBeenCalledTimes(1);
  });

  it('refuses to run with a bad split size and says why', async () => {
    const engine = fakeEngine();
    const state = new ConvertState(engine.connect, noSample);
    state.setSplitText('600000');
    expect(state.splitCheck).toMatchObject({ ok: false });
    await state.chooseFiles([file('a.json')]);
    expect(engine.api.run).not.toHaveBeenCalled();
    expect(state.error).toContain('split size');
    expect(state.canRun).toBe(false);
  });

  it('shows live progress per file while running and stops on cancel', async () => {
    const engine = fakeEngine(false);
    const state = new ConvertState(engine.connect, noSample);
    const running = state.chooseFiles([file('a.json'), file('b.json')]);
    expect(state.phase).toBe('running');
    expect(state.fileProgress.map((row) => row.state)).toEqual(['reading', 'waiting']);
    expect(state.fileProgress[0]).toMatchObject({
      bytesRead: 5,
      totalBytes: 10,
      records: 2,
      speed: '1.0 MB/s',
      eta: '1 s',
    });
    expect(state.announcement).toContain('Reading a.json (file 1 of 2): 50%');

    state.cancel();
    expect(engine.api.cancel).toHaveBeenCalledTimes(1);
    await running;
    expect(state.phase).toBe('done');
    expect(state.summary?.files[0].cancelled).toBe(true);
    expect(state.announcement).toMatch(/^Cancelled:/);
  });

  it('explains a run that failed in the engine', async () => {
    const engine = fakeEngine(false);
    const state = new ConvertState(engine.connect, noSample);
    const running = state.chooseFiles([file('a.json')]);
    engine.fail(new Error('worker crashed'));
    await running;
    expect(state.phase).toBe('failed');
    expect(state.error).toContain('worker crashed');
    expect(state.summary).toBeNull();
  });

  it('notices when the options differ from the ones the results were made with', async () => {
    const engine = fakeEngine();
    const state = new ConvertState(engine.connect, noSample);
    await state.chooseFiles([file('a.json')]);
    expect(state.optionsChanged).toBe(false);
    state.setTarget('csv');
    expect(state.optionsChanged).toBe(true);
  });

  it('turns pasted text into pasted.json and refuses empty text', async () => {
    const engine = fakeEngine();
    const state = new ConvertState(engine.connect, noSample);
    await state.usePastedText('   ');
    expect(state.error).toContain('empty');
    await state.usePastedText('{"email":"a@example.com"}');
    expect(engine.calls[0].inputs[0].name).toBe('pasted.json');
    expect(await engine.calls[0].inputs[0].blob.text()).toBe('{"email":"a@example.com"}');
    expect(state.error).toBeNull();
  });

  it('loads the sample file, and says so when it cannot', async () => {
    const engine = fakeEngine();
    const broken = new ConvertState(engine.connect, noSample);
    await broken.useSample();
    expect(broken.error).toContain('Could not load the sample file');
    const state = new ConvertState(engine.connect, async () => new Blob(['[]']));
    await state.useSample();
    expect(engine.calls[0].inputs[0].name).toBe('sample-users.json');
  });
});
