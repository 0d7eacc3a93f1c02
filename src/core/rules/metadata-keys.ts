/**
 * The metadata key rule of the import schema (no "." or "$" in any key of `app_metadata` or `user_metadata`, at any
 * depth), as a plain walk for the checker's fast path; the generated first-error validator leaves it out (see
 * schema/validator-source.ts `firstErrorSchema`). Hand-written because a loop that allocates nothing is what makes
 * it cheap; the exact validator still holds the rule and words its findings.
 */

/** Past this depth the walk gives up (returns false) and the exact validator decides, as it always did. */
const maxDepth = 256;

function keysAreSafe(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth > maxDepth) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!keysAreSafe(item, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (key.includes('.') || key.includes('$')) return false;
    if (!keysAreSafe((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * False when a metadata key anywhere holds "." or "$" (or the metadata nests deeper than the walk goes): then the
 * record must go to the exact validator. True means the rule holds.
 */
export function metadataKeysAreSafe(record: Record<string, unknown>): boolean {
  return keysAreSafe(record.app_metadata, 0) && keysAreSafe(record.user_metadata, 0);
}
