/**
 * The import run's tenant emulator in a process of its own: in the runner's process, its job processing (checking
 * and storing ~1,300 users per job) would block the event loop that the client's request pacing runs on, bunching
 * requests into bursts the rate limit refuses. Started by import-run.ts as `tsx tenant-process.ts <json options>`;
 * prints one JSON line (url, audience, token, connection), then serves until it is sent SIGTERM.
 */
import { startTenant, type TenantOptions } from '../emulator';

/** What the parent reads from the first line of stdout. */
export interface TenantHandshake {
  url: string;
  audience: string;
  /** A Management API token (create:users, read:users) as if pasted from the API Explorer. */
  token: string;
  connection: { id: string; name: string };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as TenantOptions;
  const tenant = await startTenant(options);
  const connection = tenant.state.connections.find((c) => c.name === 'Username-Password-Authentication');
  if (!connection) throw new Error('the emulator has no Username-Password-Authentication connection');
  const token = await tenant.mintToken({ scopes: ['create:users', 'read:users'], expiresIn: 86_400 });
  const handshake: TenantHandshake = {
    url: tenant.url,
    audience: tenant.audience,
    token,
    connection: { id: connection.id, name: connection.name },
  };
  process.stdout.write(`${JSON.stringify(handshake)}\n`);
  process.once('SIGTERM', () => void tenant.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(`bench tenant: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
