/**
 * The connections an import can go to, and the check that one is enabled for an application (Auth0 refuses an import
 * into a connection enabled for none: auth0-facts section 2). Views never call the API: the state module calls these.
 */
import type { ManagementApi } from '../../api/management-api';
import { explainProblem, isApiError } from '../../api/problems';

export interface ConnectionChoice {
  id: string;
  name: string;
}

export type ClientsCheck =
  | { state: 'unknown' }
  | { state: 'checking' }
  | { state: 'enabled'; applications: number }
  | { state: 'none' }
  | { state: 'failed'; message: string };

/** Database connections (strategy auth0), by name. */
export async function databaseConnections(
  api: ManagementApi,
  signal: AbortSignal,
): Promise<ConnectionChoice[]> {
  const list = await api.listConnections({ strategy: ['auth0'], signal });
  return list
    .filter((connection) => connection.strategy === 'auth0')
    .map((connection) => ({ id: connection.id, name: connection.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether the connection is enabled for at least one application. */
export async function checkEnabledClients(
  api: ManagementApi,
  connectionId: string,
  signal: AbortSignal,
): Promise<ClientsCheck> {
  try {
    const clients = await api.connectionClients(connectionId, { signal });
    return clients.length > 0 ? { state: 'enabled', applications: clients.length } : { state: 'none' };
  } catch (error) {
    if (signal.aborted) throw error;
    return { state: 'failed', message: problemText(error) };
  }
}

/** An API failure in one sentence with what to do. */
export function problemText(error: unknown): string {
  if (isApiError(error)) {
    const explained = explainProblem(error.problem);
    return `${explained.title}: ${explained.detail} ${explained.fix}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Where the Dashboard fixes a connection with no application, for a real Auth0 tenant (`*.auth0.com`); null for
 * anything else (the local emulator, a custom domain Ferry cannot map to a Dashboard tenant).
 */
export function dashboardConnectionUrl(tenantDomain: string, connectionId: string): string | null {
  const match = /^([a-z0-9-]+)\.(?:([a-z0-9-]+)\.)?auth0\.com$/i.exec(tenantDomain);
  if (!match) return null;
  const [, tenant, region] = match;
  const area = region ?? 'us';
  return `https://manage.auth0.com/dashboard/${area}/${tenant}/connections/database/${connectionId}/settings`;
}
