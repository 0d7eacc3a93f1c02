/**
 * Gives the History screen its "Re-check status" verb. Imported by the History screen itself (not the Import screen),
 * so the button works from the first visit: it uses the signed-in session's API client and the same ports and run
 * lock as the Import screen, so a re-check never races a run that is being driven.
 */
import { session } from '../../auth/session.svelte';
import { db } from '../../db/db';
import { portsFor, withRunLock } from '../import/import-runner';
import { history } from './history.svelte';
import { recheckRun, type RecheckReport } from './recheck-run';

/** Re-checks the stored run `runId` on the signed-in tenant and saves what changed. */
export async function recheckStoredRun(runId: string): Promise<RecheckReport> {
  const run = await db.runs.get(runId);
  if (!run) throw new Error('This import is no longer stored (deleted in another tab?).');
  const tenant = session.current?.tenantDomain;
  if (!tenant) throw new Error('Sign in to the tenant of this import to re-check it.');
  if (tenant !== run.tenant) {
    throw new Error(
      `This import went to ${run.tenant}, but you are signed in to ${tenant}: sign in to ${run.tenant} to re-check it.`,
    );
  }
  const report = await withRunLock(runId, () =>
    recheckRun(run, portsFor(session.api, db, runId), AbortSignal.timeout(120_000)),
  );
  if (!report) {
    throw new Error(
      'This import is running right now (on the Import screen, here or in another tab): its status updates there.',
    );
  }
  return report;
}

history.registerRecheck(recheckStoredRun);
