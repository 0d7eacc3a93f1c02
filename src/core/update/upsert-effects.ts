/**
 * What an upsert import does with each kind of edit (auth0-facts section 1): which attributes it may change on an
 * existing user, that metadata objects are replaced rather than merged, and which edits have no effect at all.
 */
import type { Issue } from '../rules/issue';
import { pointerSegments } from '../rules/json-pointer';
import { importFieldTypes, upsertableFields } from '../schema/import-fields';
import type { AttributeChange } from './attribute-diff';

const upsertable: ReadonlySet<string> = new Set(upsertableFields);
const metadata = new Set(['user_metadata', 'app_metadata']);

const notUpsertableHints: Readonly<Record<string, string>> = {
  blocked: 'Block or unblock users in the Dashboard or with PATCH /api/v2/users/{id}.',
  password_hash: 'A password hash is only read when the user is first imported.',
  email: 'Email is the key upsert matches users by; Auth0 stores it lower-cased.',
};

/** The effect of one change on an existing user: whether it changes anything, and what to tell the user. */
export interface ChangeEffect {
  effective: boolean;
  issue: Issue | null;
}

const warn = (path: string, code: string, message: string, hint: string): Issue => ({
  path,
  code,
  severity: 'warning',
  message,
  hint,
});

/** Judges one change of a matched user. */
export function upsertEffect(change: AttributeChange): ChangeEffect {
  const segments = pointerSegments(change.path);
  const root = segments[0];
  const { path } = change;
  if (!Object.hasOwn(importFieldTypes, root)) {
    return {
      effective: false,
      issue: warn(
        path,
        'update.not-importable',
        `An import rejects the key '${root}': this edit cannot be applied`,
        'Remove the key; convert the file with Ferry to drop export-only keys.',
      ),
    };
  }
  if (root === 'mfa_factors') {
    return {
      effective: true,
      issue: warn(
        path,
        'update.mfa-factors',
        'Sources disagree on whether upsert changes mfa_factors of an existing user',
        'Try the change on one user and check the result before updating many.',
      ),
    };
  }
  if (!upsertable.has(root)) {
    const hint = notUpsertableHints[root] ?? 'Change it in the Dashboard or with PATCH /api/v2/users/{id}.';
    return {
      effective: false,
      issue: warn(
        path,
        'update.not-upsertable',
        `Upsert does not change ${root} on an existing user: this edit will have no effect`,
        hint,
      ),
    };
  }
  if (segments.length === 1 && change.kind === 'removed') {
    return {
      effective: false,
      issue: warn(
        path,
        'update.attribute-removed',
        `Removing ${root} from the record does not clear it in the tenant: upsert only sets the attributes a record holds`,
        metadata.has(root)
          ? `To clear it, keep ${root} as an empty object {}.`
          : `To change it, give ${root} a new value.`,
      ),
    };
  }
  if (metadata.has(root) && change.kind === 'removed') {
    return {
      effective: true,
      issue: warn(
        path,
        'update.metadata-key-removed',
        `'${segments.slice(1).join('.')}' will be deleted from ${root}: upsert replaces ${root} as a whole, it does not merge`,
        'Keep the key in the edited file if it should stay.',
      ),
    };
  }
  if (root === 'custom_password_hash') {
    return {
      effective: true,
      issue: warn(
        path,
        'update.password-hash',
        'A new custom_password_hash applies only while the user has not yet logged in with the old one',
        'Users who already logged in keep their current password.',
      ),
    };
  }
  return { effective: true, issue: null };
}

/** An email edited only in letter case: the users still match, and the edit has no effect. */
export function emailCaseIssue(before: string, after: string): Issue | null {
  if (before === after) return null;
  return warn(
    '/email',
    'update.not-upsertable',
    `Upsert does not change email on an existing user: "${before}" stays as it is`,
    notUpsertableHints.email,
  );
}
