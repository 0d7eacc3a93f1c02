/**
 * Packs the parts of a workbench run into one zip, in a worker started for that alone (see zip-host.ts). Plain
 * messages rather than Comlink: one request, one answer.
 */
import { zipBlobs, type ZipEntry } from '../src/core/formats/zip';
import type { ZipAnswer } from './zip-host';

self.onmessage = (event: MessageEvent<readonly ZipEntry[]>) => {
  zipBlobs(event.data).then(
    (blob) => self.postMessage({ blob } satisfies ZipAnswer),
    (error: unknown) =>
      self.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies ZipAnswer),
  );
};
