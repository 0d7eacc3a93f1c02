import { describe, expect, it } from 'vitest';
import type { Job } from '../../api/types';
import { completenessStatement } from './export-run';
import { DownloadRefusedError, ExportJobFailedError, openExportFile, type TenantApi } from './tenant-export';

function fakeApi(locations: string[]): TenantApi & { jobCalls: number } {
  const api = {
    jobCalls: 0,
    getJob: async (id: string): Promise<Job> => {
      const location = locations[Math.min(api.jobCalls++, locations.length - 1)];
      return { id, type: 'users_export', status: 'completed', location };
    },
    createExportJob: async () => {
      throw new Error('not used');
    },
    searchUsers: async () => {
      throw new Error('not used');
    },
  };
  return api;
}

const signal = new AbortController().signal;
const body = () => new Blob(['{"email":"a@x.org"}\n']).stream();

describe('openExportFile', () => {
  it('fetches a fresh link for every attempt and retries a link that expired on the way', async () => {
    const api = fakeApi(['https://files/1', 'https://files/2']);
    const asked: string[] = [];
    const fetchFile = (async (url: string) => {
      asked.push(url);
      return url.endsWith('/1') ? new Response('expired', { status: 403 }) : new Response(body());
    }) as unknown as typeof fetch;
    const file = await openExportFile(api, 'job_1', { signal, fetchFile });
    expect(file.location).toBe('https://files/2');
    expect(asked).toEqual(['https://files/1', 'https://files/2']);
    expect(api.jobCalls).toBe(2);
  });

  it('says the host refused when fetch fails with a TypeError (CORS)', async () => {
    const fetchFile = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(
      openExportFile(fakeApi(['https://files/1']), 'job_1', { signal, fetchFile }),
    ).rejects.toBeInstanceOf(DownloadRefusedError);
  });

  it('gives up after three expired links with a message that says what to check', async () => {
    const fetchFile = (async () => new Response('', { status: 403 })) as unknown as typeof fetch;
    await expect(
      openExportFile(fakeApi(['https://files/x']), 'job_1', { signal, fetchFile }),
    ).rejects.toThrow(ExportJobFailedError);
  });
});

describe('completenessStatement', () => {
  const plan = {
    parts: [],
    total: 1500,
    sumOfParts: 1500,
    unreachable: 0,
    complete: true,
    statement: 'x',
    countQueries: 5,
  };
  it('says complete only when every reported user was read', () => {
    expect(completenessStatement(plan, 1500)).toMatch(/^Complete: all 1,500 users/);
    expect(completenessStatement(plan, 1499)).toMatch(/^Not complete: 1,499 of the 1,500/);
  });
});
