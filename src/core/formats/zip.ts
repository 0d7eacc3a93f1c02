import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipEntry {
  name: string;
  blob: Blob;
}

/**
 * Packs files into one zip, one entry at a time, so only one entry's bytes are in memory at once. `deflate` compresses
 * (JSON shrinks a lot); without it the entries are stored, which is faster.
 */
export async function zipBlobs(entries: readonly ZipEntry[], deflate = true): Promise<Blob> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let failure: Error | null = null;
  let finished = false;
  const zip = new Zip((error, data, final) => {
    if (error) failure = error;
    else chunks.push(data as Uint8Array<ArrayBuffer>);
    if (final) finished = true;
  });
  for (const entry of entries) {
    const file = deflate ? new ZipDeflate(entry.name, { level: 6 }) : new ZipPassThrough(entry.name);
    zip.add(file);
    file.push(new Uint8Array(await entry.blob.arrayBuffer()), true);
    if (failure) throw failure;
  }
  zip.end();
  if (failure) throw failure;
  if (!finished) throw new Error('The zip could not be completed.');
  return new Blob(chunks, { type: 'application/zip' });
}
