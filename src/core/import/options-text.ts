/** Short explanations of the import options, for the Import screen. Facts from auth0-facts.md sections 1 and 2. */

export interface OptionText {
  label: string;
  help: string;
}

export const importOptionText = {
  upsert: {
    label: 'Update users that already exist (upsert)',
    help:
      'Users are matched by email. For a match, Auth0 changes only email_verified, given_name, family_name, name, ' +
      'nickname, picture, custom_password_hash (until the user has logged in with it), app_metadata and user_metadata. ' +
      'Metadata is replaced as a whole, not merged: keys missing from the file are removed. Email, user_id, username, ' +
      'blocked and password_hash are never changed. Off: existing users fail with "already exists" and are listed in the report.',
  },
  sendCompletionEmail: {
    label: 'Email the tenant owners when each job ends',
    help:
      'Auth0 sends one email per job to every owner of the tenant. A large file makes many jobs, so this is off by ' +
      'default (Auth0 itself would send them).',
  },
  externalId: {
    label: 'External id',
    help:
      'A label Auth0 stores with every job of this import and returns with it, to find the jobs later. Ferry ' +
      'generates one (ferry-<time>-<random>); change it if your own tooling expects a name.',
  },
  chunkBytes: {
    label: 'Part size',
    help:
      'Auth0 takes at most 500 KB per job, so a larger file is sent in parts. Ferry keeps each part under 450,000 ' +
      'bytes by default; at most two parts run at once (Auth0 limit), the others wait their turn.',
  },
} as const satisfies Record<string, OptionText>;
