/**
 * Throughput of the record checker on typical users: `npx vitest bench --run src/core/rules/record-checker.bench.ts`.
 * One iteration checks 10,000 records, so records per second = hz × 10,000.
 */
import { bench, describe } from 'vitest';
import { createRecordChecker } from './record-checker';

const batch = 10_000;
let serial = 0;

function typicalUsers(): Array<Record<string, unknown>> {
  return Array.from({ length: batch }, () => {
    const n = serial++;
    return {
      email: `user${n}@example.com`,
      email_verified: true,
      user_id: `65a1f0c2e4b0${n}`,
      given_name: 'Jane',
      family_name: 'Doe',
      name: 'Jane Doe',
      picture: 'https://example.com/avatars/jane.png',
      user_metadata: { plan: 'gold', theme: 'dark' },
      app_metadata: { roles: ['admin'] },
      custom_password_hash: {
        algorithm: 'bcrypt',
        hash: { value: '$2b$10$u2nRss8Or52o/0M7/TuD9Ib/59.gGRDI71U/TbVeJgypzir0eBC3y', encoding: 'utf8' },
      },
    };
  });
}

// An Auth0 export line: every record needs fixes.
function exportedUsers(): Array<Record<string, unknown>> {
  return Array.from({ length: batch }, () => {
    const n = serial++;
    return {
      user_id: `auth0|65a1f0c2e4b0${n}`,
      email: `user${n}@example.com`,
      email_verified: true,
      created_at: '2024-01-15T09:30:00.000Z',
      updated_at: '2024-06-01T12:00:00.000Z',
      identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0' }],
      logins_count: 3,
    };
  });
}

describe(`record checker, ${batch} records per iteration`, () => {
  // A new checker per iteration: the same records again would all be duplicates (a slower, untypical path).
  const run = (records: Array<Record<string, unknown>>) => {
    const checker = createRecordChecker({ fix: true, jobSizeBytes: 500_000 });
    for (let i = 0; i < records.length; i++)
      checker.check({ index: i, line: i + 2, value: records[i] }, 'users.json');
  };
  const typical = typicalUsers();
  const exported = exportedUsers();
  bench('typical valid users', () => run(typical), { iterations: 30 });
  bench('Auth0 export lines (fixed)', () => run(exported), { iterations: 30 });
});
