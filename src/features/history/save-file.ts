/** Offers a Blob as a download: a temporary object URL on a temporary link, revoked once the browser has it. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by the next task; revoking later frees the Blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file-name-safe stamp of a time: 2026-01-31T10-20-30. */
export const fileStamp = (time: number): string =>
  new Date(time).toISOString().slice(0, 19).replaceAll(':', '-');
