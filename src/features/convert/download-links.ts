/**
 * Turns the engine's output Blobs into links the page can offer, and owns their object URLs: every URL made here is
 * revoked when the links are replaced or cleared, so repeated runs do not keep old outputs alive in memory.
 */
import type { Download, DownloadKind } from '../../core/workbench/contract';

export interface DownloadLink {
  kind: DownloadKind | 'part';
  fileName: string;
  /** The object URL; made when first read (a file of a million users has hundreds of parts, mostly never shown). */
  readonly href: string;
  bytes: number;
  /** What the file is, in a few words. */
  description: string;
}

export interface DownloadGroups {
  /** The converted or import file when it is one file, and the error reports. */
  files: DownloadLink[];
  /** The parts of a split import file, in order. */
  parts: DownloadLink[];
  /** All parts as one zip, when there are parts. */
  zip: DownloadLink | null;
}

const descriptions: Record<DownloadKind | 'part', string> = {
  converted: 'Converted file',
  part: 'Import file part',
  'parts-zip': 'All parts as one zip',
  'error-report-csv': 'Error report (CSV, one row per finding)',
  'error-report-json': 'Error report (JSON)',
};

/** Display order: the result first, the reports after. */
const order: Record<DownloadKind | 'part', number> = {
  converted: 0,
  'parts-zip': 1,
  part: 2,
  'error-report-csv': 3,
  'error-report-json': 4,
};

export interface ObjectUrls {
  create(blob: Blob): string;
  revoke(url: string): void;
}

const browserObjectUrls: ObjectUrls = {
  create: (blob) => URL.createObjectURL(blob),
  revoke: (url) => URL.revokeObjectURL(url),
};

export class DownloadLinks {
  #urls: string[] = [];
  readonly #objectUrls: ObjectUrls;

  constructor(objectUrls: ObjectUrls = browserObjectUrls) {
    this.#objectUrls = objectUrls;
  }

  /** Revokes the previous links' URLs and makes links for these downloads, grouped for display. */
  replace(downloads: readonly Download[], importTarget: boolean): DownloadGroups {
    this.clear();
    const links = [...downloads]
      .sort((a, b) => order[a.kind] - order[b.kind])
      .map((download) => this.#link(download, importTarget));
    return {
      files: links.filter((link) => link.kind !== 'part' && link.kind !== 'parts-zip'),
      parts: links.filter((link) => link.kind === 'part'),
      zip: links.find((link) => link.kind === 'parts-zip') ?? null,
    };
  }

  /** `groups` with one more download (a link made here too; the others are kept as they are). */
  add(groups: DownloadGroups, download: Download, importTarget: boolean): DownloadGroups {
    const link = this.#link(download, importTarget);
    if (link.kind === 'parts-zip') return { ...groups, zip: link };
    if (link.kind === 'part') return { ...groups, parts: [...groups.parts, link] };
    const files = [...groups.files, link].sort((a, b) => order[a.kind] - order[b.kind]);
    return { ...groups, files };
  }

  /** Revokes every URL this object made. */
  clear(): void {
    for (const url of this.#urls) this.#objectUrls.revoke(url);
    this.#urls = [];
  }

  #link(download: Download, importTarget: boolean): DownloadLink {
    const description =
      download.kind === 'converted' && importTarget ? 'Auth0 import file' : descriptions[download.kind];
    let href: string | null = null;
    const create = (): string => {
      const url = this.#objectUrls.create(download.blob);
      this.#urls.push(url);
      return url;
    };
    return {
      kind: download.kind,
      fileName: download.fileName,
      get href(): string {
        href ??= create();
        return href;
      },
      bytes: download.blob.size,
      description,
    };
  }
}

/** An empty set of download groups. */
export const noDownloads = (): DownloadGroups => ({ files: [], parts: [], zip: null });
