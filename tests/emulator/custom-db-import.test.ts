import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customDbRefusal } from './jobs-routes';
import { startTenant, type RunningTenant } from './index';
import { apiClient, importForm, json, waitForJob, type Api } from './test-helpers';
import { customDatabaseConnection } from './seed';

let tenant: RunningTenant;
let api: Api;

beforeAll(async () => {
  tenant = await startTenant({ userCount: 20, plan: 'off', timing: { pendingMs: 20, processingMs: 40 } });
  api = apiClient(tenant, await tenant.mintToken());
  tenant.state.connections.push(
    customDatabaseConnection('con_CustomNoImport01', 'legacy-sql', false, [tenant.clientId]),
    customDatabaseConnection('con_CustomImportOn01', 'migrating-sql', true, [tenant.clientId]),
  );
});
afterAll(() => tenant.close());

describe('imports into custom database connections', () => {
  it('are refused with 400 unless import mode is on', async () => {
    const response = await api.post(
      '/api/v2/jobs/users-imports',
      importForm([{ email: 'a@custom.example' }], 'con_CustomNoImport01'),
    );
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: customDbRefusal,
      errorCode: 'operation_not_supported',
    });
    expect(tenant.state.counters.importsCreated).toBe(0);
  });

  it('are accepted with import mode on, and the connection list shows both options', async () => {
    const response = await api.post(
      '/api/v2/jobs/users-imports',
      importForm([{ email: 'b@custom.example' }], 'con_CustomImportOn01'),
    );
    expect(response.status).toBe(202);
    const job = await waitForJob(api, (await json(response)).id);
    expect(job.summary).toMatchObject({ inserted: 1, total: 1 });
    const list = await json(await api.get('/api/v2/connections?strategy=auth0&name=legacy-sql'));
    expect(list[0].options).toMatchObject({ enabledDatabaseCustomization: true, import_mode: false });
  });
});
