/**
 * The connections an import can go to, and the check that one is enabled for an application (Auth0 refuses an import
 * into a connection enabled for none: auth0-facts section 2). Views never call the API: the state module calls these.
 */
import type { ManagementApi } from '../../api/management-api';
import { explainProblem, isApiError } from '../../api/problems';
import type { Connection } from '../../api/types';

export interface ConnectionChoice {
  id: string;
  name: string;
  /** Why Auth0 would refuse an import into it; absent when it accepts imports. */
  refusal?: string;
}

/** Auth0 imports into a custom database only when "Import Users to Auth0" (import mode) is on. */
export const customDbRefusal =
  'a custom database connection without import mode: Auth0 refuses imports into it. Turn on "Import Users to Auth0" in its settings (Custom Database tab) to import into it.';

/**
 * The Import screen's entry for a connection, or null when it is not a database connection at all. Plain database
 * connections and custom databases in import mode take imports; a custom database without import mode is listed
 * with the reason it cannot (so the admin sees it and knows what to change) rather than left out.
 */
export function importChoice(connection: Connection): ConnectionChoice | null {
  if (connection.strategy !== 'auth0') return null;
  const choice: ConnectionChoice = { id: connection.id, name: connection.name };
  const custom = connection.options?.enabledDatabaseCustomization === true;
  if (custom && connection.options?.import_mode !== true) choice.refusal = customDbRefusal;
  return choice;
}

export type ClientsCheck =
  | { state: 'unknown' }
  | { state: 'checking' }
  | { state: 'enabled'; applications: number }
  | { state: 'none' }
  | { state: 'failed'; message: string };

/** Database connections (strategy auth0) by name, those Auth0 refuses imports into marked with the reason. */
export async function databaseConnections(
  api: ManagementApi,
  signal: AbortSignal,
): Promise<ConnectionChoice[]> {
  const list = await api.listConnections({ strategy: ['auth0'], signal });
  return list
    .map(importChoice)
    .filter((choice): choice is ConnectionChoice => choice !== null)
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
