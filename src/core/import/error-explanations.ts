/**
 * Auth0's per-user import error codes, explained in plain words that name the field. The message Auth0 sent is kept
 * after the explanation, since it often holds the exact limit or pattern.
 */

export interface ExplainedError {
  code: string;
  /** Dotted path of the field, e.g. `app_metadata.plan`, null when the error is about the record as a whole. */
  field: string | null;
  reason: string;
}

/** Auth0's message for an existing user when upsert is off (it has no code of its own in some answers). */
const ALREADY_EXISTS = /already exist/i;

/** Normalises Auth0's `path` (`email`, `#/app_metadata/plan`, `/mfa_factors/0`) to a dotted field path. */
export function fieldFromPath(path: string | undefined): string | null {
  if (!path) return null;
  const dotted = path
    .replace(/^#?\/?/, '')
    .replace(/\//g, '.')
    .replace(/\[(\d+)\]/g, '.$1');
  return dotted === '' ? null : dotted;
}

const named = (field: string | null): string => (field ? `"${field}"` : 'A field');

type Explainer = (field: string | null) => string;

const explainers: Record<string, Explainer> = {
  ANY_OF_MISSING: (f) =>
    `${named(f)} matches none of the shapes Auth0 allows there (for example an MFA factor must be exactly one of totp, phone or email).`,
  ARRAY_LENGTH_LONG: (f) => `${named(f)} has too many items (mfa_factors takes at most 10).`,
  ARRAY_LENGTH_SHORT: (f) => `${named(f)} has too few items (an empty list is not allowed).`,
  CONFLICT: () => 'A user with this identity already exists in the connection.',
  CONFLICT_EMAIL: () => 'Another user in the connection already has this email.',
  CONFLICT_USERNAME: () => 'Another user in the connection already has this username.',
  CONNECTION_NOT_FOUND: () =>
    'The connection was not found: it may have been deleted or renamed while the job ran.',
  DUPLICATED_USER: () => 'The user already exists, or appears more than once in the same file.',
  ENUM_MISMATCH: (f) =>
    `${named(f)} is not one of the values Auth0 accepts there (for example a hash algorithm or encoding name).`,
  FORMAT: (f) =>
    `${named(f)} is not in the expected format (an email address, a URL or an E.164 phone number).`,
  INVALID_TYPE: (f) =>
    `${named(f)} has the wrong type (for example text where true/false or an object is expected).`,
  MAX_LENGTH: (f) => `${named(f)} is too long.`,
  MAXIMUM: (f) => `${named(f)} is above the largest value allowed.`,
  MFA_FACTORS_FAILED: () =>
    'The user was created but its MFA factors could not be enrolled; check mfa_factors.',
  MIN_LENGTH: (f) => `${named(f)} is too short (empty text is not allowed).`,
  MINIMUM: (f) => `${named(f)} is below the smallest value allowed.`,
  NOT_PASSED: (f) => `${named(f)} failed a check of the import schema.`,
  OBJECT_REQUIRED: (f) => `${named(f)} must be an object ({...}).`,
  PATTERN: (f) => `${named(f)} does not match the pattern Auth0 requires there.`,
  OBJECT_ADDITIONAL_PROPERTIES: (f) => `${named(f)} has a key the import does not allow; remove it.`,
  OBJECT_MISSING_REQUIRED_PROPERTY: (f) =>
    `${named(f)} is missing a required key (every user needs an email).`,
};

/** Explains one error of one user; an unknown code keeps Auth0's own message. */
export function explainAuth0Error(error: { code: string; message: string; path?: string }): ExplainedError {
  const field = fieldFromPath(error.path);
  if (ALREADY_EXISTS.test(error.message) && !explainers[error.code]) {
    return {
      code: error.code || 'USER_EXISTS',
      field,
      reason:
        'The user already exists and upsert is off. Turn upsert on to update existing users, or leave it out.',
    };
  }
  const explain = explainers[error.code];
  const auth0Said = error.message ? ` (Auth0: ${error.message})` : '';
  if (!explain)
    return { code: error.code || 'UNKNOWN', field, reason: `${error.message || 'Auth0 gave no reason.'}` };
  return { code: error.code, field, reason: `${explain(field)}${auth0Said}` };
}

/** Whether an error means "this user is already in the tenant" (used when an interrupted chunk is sent again). */
export function meansAlreadyExists(error: { code: string; message: string }): boolean {
  return error.code === 'DUPLICATED_USER' || error.code === 'CONFLICT' || ALREADY_EXISTS.test(error.message);
}

/** Explains a job that failed as a whole. `hadUserErrors`: Auth0 listed per-user errors for it. */
export function explainFailedJob(statusDetails: string | undefined, hadUserErrors: boolean): string {
  const detail = statusDetails ? ` Auth0 said: ${statusDetails}` : '';
  if (hadUserErrors) return `The job failed; users without an error of their own were not imported.${detail}`;
  return (
    'The job failed as a whole and Auth0 listed no per-user errors: usually the file part could not be read ' +
    `(not a JSON array, bad encoding) or the job timed out after 2 hours. None of its users were imported.${detail}`
  );
}
