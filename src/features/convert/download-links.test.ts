import { describe, expect, it } from 'vitest';
import type { Download } from '../../core/workbench/contract';
import { DownloadLinks, type ObjectUrls } from './download-links';

function recordingUrls(): ObjectUrls & { live: Set<string> } {
  let next = 0;
  const live = new Set<string>();
  return {
    live,
    create: () => {
      const url = `blob:test/${next++}`;
      live.add(url);
      return url;
    },
    revoke: (url) => live.delete(url),
  };
}

const download = (kind: Download['kind'], fileName: string, text = '[]'): Download => ({
  kind,
  fileName,
  mimeType: 'application/json',
  blob: new Blob([text]),
});

describe('DownloadLinks', () => {
  it('groups parts apart from the zip and the reports, results first', () => {
    const links = new DownloadLinks(recordingUrls());
    const groups = links.replace(
      [
        download('error-report-csv', 'users.errors.csv'),
        download('part', 'users.part-002.json'),
        download('parts-zip', 'users.parts.zip'),
        download('part', 'users.part-001.json', '[{"email":"a@b.co"}]'),
      ],
      true,
    );
    expect(groups.parts.map((link) => link.fileName)).toEqual(['users.part-002.json', 'users.part-001.json']);
    expect(groups.zip?.fileName).toBe('users.parts.zip');
    expect(groups.files.map((link) => link.fileName)).toEqual(['users.errors.csv']);
    expect(groups.parts[1].bytes).toBe(20);
  });

  it('calls a converted file an import file when the target is the import format', () => {
    const links = new DownloadLinks(recordingUrls());
    expect(links.replace([download('converted', 'users.import.json')], true).files[0].description).toBe(
      'Auth0 import file',
    );
    expect(links.replace([download('converted', 'users.ndjson')], false).files[0].description).toBe(
      'Converted file',
    );
  });

  it('makes a URL only for a link that is shown, once', () => {
    const urls = recordingUrls();
    const links = new DownloadLinks(urls);
    const parts = Array.from({ length: 700 }, (_, i) => download('part', `users.part-${i + 1}.json`));
    const groups = links.replace(parts, true);
    expect(groups.parts).toHaveLength(700);
    expect(urls.live.size).toBe(0);
    const href = groups.parts[3].href;
    expect(groups.parts[3].href).toBe(href);
    expect(urls.live).toEqual(new Set([href]));
    links.clear();
    expect(urls.live.size).toBe(0);
  });

  it('revokes the old URLs when replaced and when cleared', () => {
    const urls = recordingUrls();
    const links = new DownloadLinks(urls);
    const first = links.replace(
      [download('converted', 'a.json'), download('error-report-json', 'a.errors.json')],
      false,
    );
    // Shown, so their URLs are made.
    const shown = first.files.map((link) => link.href);
    expect(urls.live).toEqual(new Set(shown));
    const second = links.replace([download('converted', 'b.json')], false);
    expect(urls.live).toEqual(new Set([second.files[0].href]));
    expect(urls.live.has(first.files[0].href)).toBe(false);
    links.clear();
    expect(urls.live.size).toBe(0);
  });
});
