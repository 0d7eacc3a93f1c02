import { alphanumeric, createPrng, hexDigits, type Prng } from './prng';
import type { TenantConnection, TenantUser } from './types';

/** The demo single-page app's client id: what `npm start` prints and the app signs in with. */
export const demoClientId = 'FerryDemoSpaClient0000000000000a';
/** A machine-to-machine client, so that one database connection is enabled for an app other than the SPA. */
export const demoM2mClientId = 'FerryDemoBackendClient000000000b';
/** The demo administrator who signs in on the login page. */
export const demoAdmin = {
  sub: 'auth0|demo-admin',
  email: 'admin@ferry.example',
  name: 'Demo Admin',
} as const;

const givenNames = [
  'Ada',
  'Ben',
  'Chloé',
  'Dmitri',
  'Emma',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kwame',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Uma',
  'Victor',
  'Wen',
  'Yusuf',
  'Zoë',
];
const familyNames = [
  'Adeyemi',
  'Berg',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hansen',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Müller',
  'Nakamura',
  'O’Brien',
  'Petrov',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Weber',
];
const domains = ['example.com', 'example.org', 'mail.example', 'corp.example', 'acme.test'];
const plans = ['free', 'starter', 'pro', 'enterprise'] as const;
const locales = ['en', 'de', 'fr', 'es', 'ja', 'pt-BR'];
const roles = ['viewer', 'editor', 'admin', 'billing'];

/** The four demo connections: their ids are stable for a seed, whatever the user count. */
export function seedConnections(seed: number): TenantConnection[] {
  const rng = createPrng(seed * 7919 + 17);
  const id = () => `con_${rng.chars(alphanumeric, 16)}`;
  const database = (name: string, display: string, clients: string[]): TenantConnection => ({
    id: id(),
    name,
    display_name: display,
    strategy: 'auth0',
    is_domain_connection: false,
    realms: [name],
    options: { brute_force_protection: true, requires_username: false, import_mode: false },
    enabledClients: clients,
  });
  return [
    database('Username-Password-Authentication', 'Username-Password-Authentication', [demoClientId]),
    database('partners-db', 'Partners', [demoM2mClientId]),
    // Enabled for no application: an import into it must fail "Connection must be enabled."
    database('legacy-members', 'Legacy members (no app)', []),
    {
      id: id(),
      name: 'google-oauth2',
      display_name: 'Google',
      strategy: 'google-oauth2',
      is_domain_connection: false,
      realms: ['google-oauth2'],
      options: { email: true, profile: true },
      enabledClients: [demoClientId],
    },
  ];
}

const baseMs = Date.UTC(2019, 0, 1);
const spanMs = Date.UTC(2025, 11, 31) - baseMs;
const iso = (ms: number) => new Date(ms).toISOString();

function pickConnection(rng: Prng, connections: TenantConnection[]): TenantConnection {
  const roll = rng.next();
  if (roll < 0.85) return connections[0];
  if (roll < 0.93) return connections[1];
  if (roll < 0.95) return connections[2];
  return connections[3];
}

function seedUser(rng: Prng, index: number, connection: TenantConnection): TenantUser {
  const given = rng.pick(givenNames);
  const family = rng.pick(familyNames);
  const local = `${given}.${family}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  const email = `${local}${index}@${rng.pick(domains)}`;
  const createdMs = baseMs + Math.floor(rng.next() * spanMs);
  const updatedMs = createdMs + rng.int(0, 400) * 86_400_000;
  const logins = rng.chance(0.1) ? 0 : rng.int(1, 900);
  const social = connection.strategy !== 'auth0';
  const bareId = social ? String(rng.int(1e9, 9e9)) + String(index) : rng.chars(hexDigits, 24);
  const provider = social ? connection.strategy : 'auth0';
  const user: TenantUser = {
    user_id: `${provider}|${bareId}`,
    email,
    email_verified: social || rng.chance(0.8),
    given_name: given,
    family_name: family,
    name: `${given} ${family}`,
    nickname: local.split('.')[0],
    picture: `https://avatars.example/${local}.png`,
    created_at: iso(createdMs),
    updated_at: iso(updatedMs),
    logins_count: logins,
    identities: [{ connection: connection.name, provider, user_id: bareId, isSocial: social }],
    user_metadata: { plan: rng.pick(plans), locale: rng.pick(locales), newsletter: rng.chance(0.4) },
    app_metadata: { roles: [rng.pick(roles)], customer_id: `cus_${rng.chars(alphanumeric, 10)}` },
  };
  if (logins > 0) {
    user.last_login = iso(updatedMs + rng.int(0, 30) * 86_400_000);
    user.last_ip = `203.0.113.${rng.int(1, 254)}`;
  }
  if (rng.chance(0.02)) user.blocked = true;
  if (rng.chance(0.15)) {
    user.phone_number = `+4915${rng.int(10_000_000, 99_999_999)}`;
    user.phone_verified = rng.chance(0.5);
  }
  if (rng.chance(0.1)) user.multifactor = ['guardian'];
  if (rng.chance(0.05)) delete (user.user_metadata as { plan?: string }).plan;
  return user;
}

/** `count` deterministic users spread over the connections (85% in Username-Password-Authentication). */
export function seedUsers(seed: number, count: number, connections: TenantConnection[]): TenantUser[] {
  const rng = createPrng(seed);
  const users: TenantUser[] = [];
  for (let i = 0; i < count; i++) users.push(seedUser(rng, i, pickConnection(rng, connections)));
  return users;
}

/**
 * A custom database connection (scripts of its own), with or without Auth0's import mode, enabled for the given
 * clients. Not in the seed: tests that need one add it to `tenant.state.connections`.
 */
export function customDatabaseConnection(
  id: string,
  name: string,
  importMode: boolean,
  enabledClients: string[],
): TenantConnection {
  return {
    id,
    name,
    display_name: name,
    strategy: 'auth0',
    is_domain_connection: false,
    realms: [name],
    options: { enabledDatabaseCustomization: true, import_mode: importMode, customScripts: {} },
    enabledClients,
  };
}
