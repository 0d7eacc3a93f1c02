import { explainProblem, isApiError, type ProblemExplanation } from '../../api/problems';
import type { ManagementApi } from '../../api/management-api';

/** One database connection as the Connection screen lists it. */
export interface ConnectionRow {
  id: string;
  name: string;
  strategy: string;
  /** Applications the connection is enabled for; null while loading or when it could not be read. */
  enabledClients: number | null;
  clientsProblem: string | null;
}

/**
 * The tenant's database connections with their enabled-application counts: the proof that the connection works.
 * Import needs a connection enabled for at least one application (auth0-facts section 2).
 */
export class ConnectionsList {
  #rows = $state<ConnectionRow[]>([]);
  #loading = $state(false);
  #problem = $state<ProblemExplanation | null>(null);

  get rows(): readonly ConnectionRow[] {
    return this.#rows;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get problem(): ProblemExplanation | null {
    return this.#problem;
  }

  /** Lists strategy-auth0 connections, then counts each one's applications. */
  async load(api: ManagementApi, signal: AbortSignal): Promise<void> {
    this.#loading = true;
    this.#problem = null;
    this.#rows = [];
    try {
      const connections = await api.listConnections({ strategy: ['auth0'], signal });
      this.#rows = connections.map((c) => ({
        id: c.id,
        name: c.name,
        strategy: c.strategy,
        enabledClients: null,
        clientsProblem: null,
      }));
      for (const [index, connection] of connections.entries()) {
        await this.#countClients(api, connection.id, index, signal);
      }
    } catch (error) {
      if (signal.aborted) return;
      this.#problem = isApiError(error) ? explainProblem(error.problem) : unexpected(error);
    } finally {
      if (!signal.aborted) this.#loading = false;
    }
  }

  async #countClients(api: ManagementApi, id: string, index: number, signal: AbortSignal): Promise<void> {
    try {
      const clients = await api.connectionClients(id, { signal });
      this.#rows[index].enabledClients = clients.length;
    } catch (error) {
      if (signal.aborted) throw error;
      this.#rows[index].clientsProblem = isApiError(error)
        ? explainProblem(error.problem).title
        : String(error);
    }
  }
}

function unexpected(error: unknown): ProblemExplanation {
  return {
    title: 'Listing connections failed',
    detail: error instanceof Error ? error.message : String(error),
    fix: 'Reload the page and try again.',
  };
}
