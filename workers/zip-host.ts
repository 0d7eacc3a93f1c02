/**
 * The workbench worker's way to pack the parts' zip: in a worker started for it and ended after it.
 *
 * Why another worker: zipping streams each part through CompressionStream, and the chunks are ArrayBuffers that
 * only a collection frees. V8 collects them at its frequent minor collections, as often as the young generation
 * fills; after a long pass (the 1M-user CSV), the workbench worker's young generation has grown to ~28 MiB, and
 * zipping allocates little JavaScript, so those collections came seconds apart and the garbage reached ~116 MiB
 * (`tests/bench/memory-breakdown.ts users-1m.csv --downloads`; with V8's semi-spaces capped at 4 MB, ~60 MiB). A new
 * worker starts with a young generation of 1 MiB.
 */
import { zipBlobs, type ZipEntry } from '../src/core/formats/zip';

/** What the zip worker answers. */
export type ZipAnswer = { blob: Blob; error?: undefined } | { error: string };

/** The part of a Worker used here (typed here, so this module needs no DOM types: its test runs in Node). */
interface ZipWorker {
  onmessage: ((event: { data: ZipAnswer }) => void) | null;
  onerror: ((event: { preventDefault(): void }) => void) | null;
  postMessage(entries: readonly ZipEntry[]): void;
  terminate(): void;
}

declare const Worker: new (url: URL, options: { type: 'module'; name: string }) => ZipWorker;

export function zipInFreshWorker(entries: readonly ZipEntry[]): Promise<Blob> {
  let worker: ZipWorker;
  try {
    worker = new Worker(new URL('./zip.worker.ts', import.meta.url), { type: 'module', name: 'ferry-zip' });
  } catch {
    // A browser that cannot start a worker from a worker packs here, as before.
    return zipBlobs(entries);
  }
  return new Promise<Blob>((resolve, reject) => {
    worker.onmessage = (event) => {
      worker.terminate();
      if (event.data.error === undefined) resolve(event.data.blob);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      // The worker could not run (a script that failed to load): pack here instead.
      zipBlobs(entries).then(resolve, reject);
    };
    worker.postMessage(entries);
  });
}
