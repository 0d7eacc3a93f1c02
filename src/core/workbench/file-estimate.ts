/**
 * How many of something (records, duplicate keys) `bytes` of a file likely hold, from a sample of it: as many per
 * byte as the sample. A key or a record takes at least 16 bytes of JSON, which bounds an odd sample. Used to size
 * the duplicate index once per file instead of growing it: growing rebuilds each segment of the table as it fills
 * (and where buffers cannot be given back at once, as in Node 20, leaves each outgrown one as garbage).
 */
export function estimateFromSample(count: number, sampleBytes: number, bytes: number): number {
  if (sampleBytes <= 0 || bytes <= 0) return 0;
  return Math.min(Math.ceil((count * bytes) / sampleBytes), Math.ceil(bytes / 16));
}
