import type { Finding } from '../findings';

/** A finding before the checker adds where the record is (file, record index, line). */
export type Issue = Pick<Finding, 'path' | 'code' | 'severity' | 'message' | 'hint'>;

/** The hint suffix for problems that automatic fixes would solve. */
export const fixableHint = 'Ferry can fix this automatically: turn on automatic fixes.';
