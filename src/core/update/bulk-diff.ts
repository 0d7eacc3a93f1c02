/**
 * The bulk update flow's review step: compare the original export (import-ready records) with the user's edited copy
 * before an upsert import, per user matched by email (case-insensitive, as Auth0 stores emails lower-cased). It says
 * what will change, what will not (attributes upsert cannot change), what will be lost (metadata is replaced, not
 * merged), which users would be created, and which records to upload: only the users whose edits have an effect.
 */
import type { Finding } from '../findings';
import type { Issue } from '../rules/issue';
import { diffAttributes } from './attribute-diff';
import type { AttributeChange } from './attribute-diff';
import { editedProblem, emailKey, finding, indexOriginal } from './diff-inputs';
import type { UserRecord } from './diff-inputs';
import { emailCaseIssue, upsertEffect } from './upsert-effects';

export type UserDiffStatus = 'changed' | 'only-original' | 'only-edited';

export interface UserDiff {
  /** The email as written in the edited file (in the original for 'only-original'). */
  email: string;
  originalIndex: number | null;
  editedIndex: number | null;
  status: UserDiffStatus;
  changes: AttributeChange[];
  /** True when at least one change would alter the user (or the user would be created). */
  effective: boolean;
}

export interface BulkDiffSummary {
  originalUsers: number;
  editedUsers: number;
  matched: number;
  changed: number;
  /** Changed users whose edits have an effect: what the upload holds, besides new users. */
  effective: number;
  unchanged: number;
  onlyInOriginal: number;
  onlyInEdited: number;
  /** Edited records left out: not an object, no email, or a repeated email. */
  rejected: number;
  /** Changes by top-level attribute (`user_metadata`: 120). */
  changesByAttribute: Record<string, number>;
}

export interface BulkDiff {
  /** Every user except the unchanged ones, in edited-file order, then users only in the original. */
  users: UserDiff[];
  findings: Finding[];
  summary: BulkDiffSummary;
  /** The edited records worth uploading with upsert: effective changes and new users (not copies). */
  upload: Array<Record<string, unknown>>;
}

export interface BulkDiffOptions {
  originalFile?: string;
  editedFile?: string;
}

interface Tally {
  summary: BulkDiffSummary;
  findings: Finding[];
  users: UserDiff[];
  upload: UserRecord[];
}

function compareMatched(
  tally: Tally,
  file: string,
  before: UserRecord,
  after: UserRecord,
  indexes: [number, number],
): void {
  const changes = diffAttributes(before, after).filter((change) => change.path !== '/email');
  const issues: Issue[] = [];
  const caseIssue = emailCaseIssue(String(before.email).trim(), String(after.email).trim());
  if (caseIssue) issues.push(caseIssue);
  let effective = false;
  for (const change of changes) {
    const effect = upsertEffect(change);
    effective ||= effect.effective;
    if (effect.issue) issues.push(effect.issue);
    const root = change.path.split('/')[1];
    tally.summary.changesByAttribute[root] = (tally.summary.changesByAttribute[root] ?? 0) + 1;
  }
  for (const issue of issues) tally.findings.push(finding(file, indexes[1], issue));
  if (changes.length === 0 && caseIssue === null) {
    tally.summary.unchanged++;
    return;
  }
  tally.summary.changed++;
  if (effective) {
    tally.summary.effective++;
    tally.upload.push(after);
  }
  tally.users.push({
    email: String(after.email),
    originalIndex: indexes[0],
    editedIndex: indexes[1],
    status: 'changed',
    changes,
    effective,
  });
}

/** Compares the original export with the edited copy. Never throws on bad records: they become findings. */
export function diffBulkUpdate(
  original: readonly unknown[],
  edited: readonly unknown[],
  options: BulkDiffOptions = {},
): BulkDiff {
  const [originalFile, editedFile] = [options.originalFile ?? 'original', options.editedFile ?? 'edited'];
  const summary: BulkDiffSummary = {
    originalUsers: original.length,
    editedUsers: edited.length,
    matched: 0,
    changed: 0,
    effective: 0,
    unchanged: 0,
    onlyInOriginal: 0,
    onlyInEdited: 0,
    rejected: 0,
    changesByAttribute: {},
  };
  const tally: Tally = { summary, findings: [], users: [], upload: [] };
  const byEmail = indexOriginal(original, originalFile, tally.findings);
  const seen = new Map<string, number>();
  edited.forEach((record, index) => {
    const problem = editedProblem(record, index, seen);
    if (problem) {
      summary.rejected++;
      return void tally.findings.push(finding(editedFile, index, problem));
    }
    const after = record as UserRecord;
    const key = emailKey(after) as string;
    seen.set(key, index);
    const originalIndex = byEmail.get(key);
    if (originalIndex === undefined) return addNewUser(tally, editedFile, after, index);
    summary.matched++;
    compareMatched(tally, editedFile, original[originalIndex] as UserRecord, after, [originalIndex, index]);
  });
  for (const [key, index] of byEmail) {
    if (seen.has(key)) continue;
    summary.onlyInOriginal++;
    tally.users.push({
      email: String((original[index] as UserRecord).email),
      originalIndex: index,
      editedIndex: null,
      status: 'only-original',
      changes: [],
      effective: false,
    });
  }
  return { users: tally.users, findings: tally.findings, summary, upload: tally.upload };
}

function addNewUser(tally: Tally, file: string, record: UserRecord, index: number): void {
  tally.summary.onlyInEdited++;
  tally.upload.push(record);
  tally.findings.push(
    finding(file, index, {
      path: '/email',
      code: 'update.new-user',
      severity: 'warning',
      message: `${String(record.email)} is not in the original export: upsert will create this user`,
      hint: 'If this is an existing user whose email you changed, change it back: email cannot be changed by upsert.',
    }),
  );
  tally.users.push({
    email: String(record.email),
    originalIndex: null,
    editedIndex: index,
    status: 'only-edited',
    changes: [],
    effective: true,
  });
}
