/**
 * Which Ferry features a token's scopes allow, and what is missing otherwise. Scope names follow the Management API
 * (auth0-facts sections 2-5).
 */

export type Feature = 'import' | 'export' | 'jobStatus' | 'listConnections' | 'searchUsers' | 'bulkUpdate';

interface FeatureNeed {
  label: string;
  /** Every one of these is required. */
  allOf: readonly string[];
  /** At least one of these is required (empty: no such condition). */
  anyOf: readonly string[];
  /** Not required, but the feature does more with them. */
  better: readonly string[];
  betterWhy: string;
}

export const featureNeeds: Record<Feature, FeatureNeed> = {
  import: {
    label: 'Import users',
    allOf: ['create:users', 'read:connections'],
    anyOf: [],
    better: [],
    betterWhy: '',
  },
  export: {
    label: 'Export users',
    allOf: ['read:users'],
    anyOf: [],
    better: ['read:connections'],
    betterWhy: 'to export one connection rather than all of them',
  },
  jobStatus: {
    label: 'Check job status and errors',
    allOf: [],
    anyOf: ['read:users', 'create:users'],
    better: [],
    betterWhy: '',
  },
  listConnections: {
    label: 'List database connections',
    allOf: ['read:connections'],
    anyOf: [],
    better: [],
    betterWhy: '',
  },
  searchUsers: { label: 'Search users', allOf: ['read:users'], anyOf: [], better: [], betterWhy: '' },
  bulkUpdate: {
    label: 'Update users in bulk',
    allOf: ['read:users', 'update:users'],
    anyOf: [],
    better: [],
    betterWhy: '',
  },
};

export const features = Object.keys(featureNeeds) as Feature[];

/** What a token can do for one feature. */
export interface Capability {
  feature: Feature;
  label: string;
  allowed: boolean;
  /** Required scopes the token lacks. */
  missing: string[];
  /** When non-empty: the token needs one of these and has none. */
  missingOneOf: string[];
  /** Optional scopes the token lacks, and what they would add. */
  missingBetter: string[];
  betterWhy: string;
}

/** The capability of one feature for a set of scopes. */
export function capabilityFor(feature: Feature, scopes: readonly string[]): Capability {
  const need = featureNeeds[feature];
  const has = new Set(scopes);
  const missing = need.allOf.filter((scope) => !has.has(scope));
  const missingOneOf =
    need.anyOf.length && !need.anyOf.some((scope) => has.has(scope)) ? [...need.anyOf] : [];
  return {
    feature,
    label: need.label,
    allowed: missing.length === 0 && missingOneOf.length === 0,
    missing,
    missingOneOf,
    missingBetter: need.better.filter((scope) => !has.has(scope)),
    betterWhy: need.betterWhy,
  };
}

/** Every feature's capability, in display order. */
export function capabilitiesFor(scopes: readonly string[]): Record<Feature, Capability> {
  return Object.fromEntries(features.map((feature) => [feature, capabilityFor(feature, scopes)])) as Record<
    Feature,
    Capability
  >;
}

/** The scopes to ask for so that a capability becomes allowed (and complete). */
export function scopesToRequest(capability: Capability): string[] {
  const oneOf = capability.missingOneOf.length ? [capability.missingOneOf[0]] : [];
  return [...capability.missing, ...oneOf, ...capability.missingBetter];
}

/**
 * How to get missing scopes, in plain words, for the way the admin signed in. Auth0 gives a single-page-app login
 * only `*:current_user` Management API scopes; that is Auth0's design, so the advice points to the token path.
 */
export function howToGetScopes(method: 'pkce' | 'token', scopes: readonly string[]): string {
  const list = scopes.join(', ');
  if (method === 'pkce') {
    return (
      `Auth0 gives a sign-in from a single-page app like Ferry only *:current_user scopes for the Management API, ` +
      `so ${list} cannot come this way on an Auth0 tenant: this is how Auth0 works, not a setting you missed. ` +
      'Use "Use a Management API token" instead (Auth0 Dashboard > Applications > APIs > Auth0 Management API > ' +
      'API Explorer), or sign in through your team’s gateway if it grants these scopes.'
    );
  }
  return (
    'In the Auth0 Dashboard open Applications > APIs > Auth0 Management API > Machine To Machine Applications, ' +
    `expand the application that issues your token (usually the API Explorer Application), tick ${list} and press ` +
    'Update. Then open the API Explorer tab, copy a new token and paste it here: a token keeps the scopes it was ' +
    'issued with.'
  );
}
