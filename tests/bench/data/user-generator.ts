/**
 * Realistic Auth0 import users for the benchmark, drawn from a seeded PRNG so every run reads the same bytes.
 * About 2% of records are deliberately invalid and about 1% carry an `auth0|` user_id that Ferry fixes; the generator
 * says which, so the bench can check that the engine counted what it was given.
 */
import { createPrng, type Prng } from '../../emulator/prng';

export type GeneratedKind = 'valid' | 'fixable' | 'invalid';

export interface GeneratedUser {
  user: Record<string, unknown>;
  kind: GeneratedKind;
}

const givenNames = [
  'Maria', 'José', 'Aiko', 'Liam', 'Zoë', 'Łukasz', 'Amara', 'Noah', 'Chloé', 'Søren', 'Priya', 'Mateo', 'Olga',
  'Kwame', 'Ingrid', 'Hiroshi', 'Fatima', 'Lucas', 'Anaïs', 'Dmitri', 'Emma', 'Ravi', 'Sofia', 'Jonas', 'Mei',
  'Tomás', 'Leila', 'Oscar', 'Yuki', 'Elif', 'Chinedu', 'Hannah', 'Pedro', 'Nadia', 'Björn', 'Grace', 'Arjun',
]; // prettier-ignore
const familyNames = [
  'García', 'Smith', 'Tanaka', 'Nguyễn', 'Kowalski', 'Okafor', 'Müller', 'Dubois', 'Johansson', 'Patel', 'Rossi',
  'Ivanova', 'Mensah', 'Larsen', 'Suzuki', 'Haddad', 'Silva', 'Moreau', 'Petrov', 'Brown', 'Sharma', 'Fernández',
  'Schmidt', 'Chen', 'Yılmaz', 'Adeyemi', 'Wilson', 'Costa', 'Novak', 'Kim', "O'Brien", 'van der Berg',
]; // prettier-ignore
const domains = [
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'proton.me',
  'example.org',
  'acme-corp.com',
  'mail.de',
];
const locales = ['en-US', 'en-GB', 'es-ES', 'fr-FR', 'de-DE', 'ja-JP', 'pt-BR', 'pl-PL'];
const signupSources = ['web', 'ios', 'android', 'partner-import'];
const roles = ['viewer', 'editor', 'admin', 'billing'];
const plans = ['free', 'starter', 'pro', 'enterprise'];
const hex = '0123456789abcdef';
const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const bcryptAlphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Lower-case ASCII for an email's local part: accents dropped, anything else removed. */
function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/gi, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A padded base64 string of `bytes` bytes' worth of random characters. */
function base64Of(prng: Prng, bytes: number): string {
  const chars = Math.ceil(bytes / 3) * 4;
  const padding = (3 - (bytes % 3)) % 3;
  return prng.chars(base64, chars - padding) + '='.repeat(padding);
}

/** One custom_password_hash in a shape auth0-facts section 1 says the import accepts, algorithm chosen at random. */
function customPasswordHash(prng: Prng): Record<string, unknown> {
  switch (prng.int(0, 7)) {
    case 0:
      return {
        algorithm: 'bcrypt',
        hash: { value: `$2b$10$${prng.chars(bcryptAlphabet, 53)}`, encoding: 'utf8' },
      };
    case 1:
      return {
        algorithm: 'sha256',
        hash: { value: prng.chars(hex, 64), encoding: 'hex' },
        salt: { value: prng.chars(hex, 16), encoding: 'hex', position: 'suffix' },
      };
    case 2:
      return { algorithm: 'md5', hash: { value: base64Of(prng, 16), encoding: 'base64' } };
    case 3: {
      const salt = prng.chars(base64, 22).replace(/\+/g, '.');
      const value = `$pbkdf2-sha512$i=100000,l=64$${salt}$${prng.chars(base64, 86).replace(/\+/g, '.')}`;
      return { algorithm: 'pbkdf2', hash: { value, encoding: 'utf8' } };
    }
    case 4: {
      const value = `$argon2id$v=19$m=65536,t=2,p=1$${prng.chars(base64, 22)}$${prng.chars(base64, 43)}`;
      return { algorithm: 'argon2', hash: { value, encoding: 'utf8' } };
    }
    case 5:
      return {
        algorithm: 'hmac',
        hash: {
          value: prng.chars(hex, 64),
          encoding: 'hex',
          digest: 'sha256',
          key: { value: 'k3y-2019-rot' },
        },
      };
    case 6:
      return {
        algorithm: 'scrypt',
        hash: { value: base64Of(prng, 32), encoding: 'base64' },
        salt: { value: base64Of(prng, 16), encoding: 'base64' },
        keylen: 32,
        cost: 16384,
        blockSize: 8,
        parallelization: 1,
      };
    default:
      return { algorithm: 'ldap', hash: { value: `{SSHA}${base64Of(prng, 24)}`, encoding: 'utf8' } };
  }
}

function metadata(prng: Prng): Record<string, unknown> {
  const userMetadata: Record<string, unknown> = { locale: prng.pick(locales) };
  if (prng.chance(0.5)) userMetadata.newsletter = prng.chance(0.4);
  if (prng.chance(0.3)) userMetadata.signup_source = prng.pick(signupSources);
  const appMetadata: Record<string, unknown> = { roles: [prng.pick(roles)], plan: prng.pick(plans) };
  if (prng.chance(0.1)) appMetadata.legacy_id = prng.int(100_000, 9_999_999);
  return { user_metadata: userMetadata, app_metadata: appMetadata };
}

/** Breaks a valid user in one of five ways an import rejects and no automatic fix can repair. */
function breakUser(prng: Prng, user: Record<string, unknown>): void {
  switch (prng.int(0, 4)) {
    case 0:
      delete user.email;
      break;
    case 1:
      user.email = String(user.email).replace('@', '.at.');
      break;
    case 2:
      user.email_verified = 'maybe';
      break;
    case 3:
      user.app_metadata = { ...(user.app_metadata as object), user_id: 'reserved' };
      break;
    default:
      user.custom_password_hash = { algorithm: 'rot13', hash: { value: 'uryyb', encoding: 'utf8' } };
  }
}

/**
 * A generator of users: call `next(i)` for i = 0, 1, 2, ... in order (the PRNG state advances with each call).
 * Emails and user ids carry the index, so no two records collide and no duplicate is reported.
 */
export function createUserGenerator(seed: number): { next(index: number): GeneratedUser } {
  const prng = createPrng(seed);
  return {
    next(index) {
      const given = prng.pick(givenNames);
      const family = prng.pick(familyNames);
      const local = prng.chance(0.5)
        ? `${asciiSlug(given)}.${asciiSlug(family)}`
        : asciiSlug(given[0] + family);
      const user: Record<string, unknown> = {
        email: `${local}${index}@${prng.pick(domains)}`,
        email_verified: prng.chance(0.7),
        given_name: given,
        family_name: family,
        name: `${given} ${family}`,
        nickname: local,
      };
      if (prng.chance(0.35)) user.picture = `https://cdn.example.com/u/${prng.chars(hex, 12)}.png`;
      user.user_id = `${index.toString(16).padStart(8, '0')}${prng.chars(hex, 16)}`;
      Object.assign(user, metadata(prng));
      if (prng.chance(0.12)) user.custom_password_hash = customPasswordHash(prng);
      const roll = prng.next();
      if (roll < 0.02) {
        breakUser(prng, user);
        return { user, kind: 'invalid' };
      }
      if (roll >= 0.03) return { user, kind: 'valid' };
      user.user_id = `auth0|${String(user.user_id)}`;
      return { user, kind: 'fixable' };
    },
  };
}
