import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { zipInFreshWorker } from './zip-host';

const entries = [
  { name: 'a.json', blob: new Blob(['[{"email":"a@b.co"}]']) },
  { name: 'b.json', blob: new Blob(['[{"email":"c@d.co"}]']) },
];

/** A stand-in for the zip worker: it answers, fails, or cannot be started, as a test says. */
function fakeWorker(behaviour: 'answers' | 'fails' | 'cannot start'): { terminated: () => boolean } {
  let terminated = false;
  class FakeWorker {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onerror: ((event: { preventDefault(): void }) => void) | null = null;
    constructor() {
      if (behaviour === 'cannot start') throw new Error('no workers here');
    }
    postMessage(): void {
      queueMicrotask(() => {
        if (behaviour === 'answers') this.onmessage?.({ data: { blob: new Blob(['from the worker']) } });
        else this.onerror?.({ preventDefault: () => undefined });
      });
    }
    terminate(): void {
      terminated = true;
    }
  }
  vi.stubGlobal('Worker', FakeWorker);
  return { terminated: () => terminated };
}

const names = async (blob: Blob): Promise<string[]> =>
  Object.keys(unzipSync(new Uint8Array(await blob.arrayBuffer()))).sort();

describe('zipInFreshWorker', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("returns the worker's zip and ends the worker", async () => {
    const worker = fakeWorker('answers');
    expect(await (await zipInFreshWorker(entries)).text()).toBe('from the worker');
    expect(worker.terminated()).toBe(true);
  });

  it('packs the zip on this thread when the worker fails, or cannot start', async () => {
    const failing = fakeWorker('fails');
    expect(await names(await zipInFreshWorker(entries))).toEqual(['a.json', 'b.json']);
    expect(failing.terminated()).toBe(true);
    fakeWorker('cannot start');
    expect(await names(await zipInFreshWorker(entries))).toEqual(['a.json', 'b.json']);
  });
});
