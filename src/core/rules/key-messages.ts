/**
 * Messages for problems with keys rather than values: keys an import does not accept (with a "did you mean"),
 * keys an Auth0 export or the old extension wrote, and metadata keys Auth0 refuses.
 */
import { exportOnlyKeys, extensionColumnNames } from '../schema/import-fields';
import { importUserSchema } from '../schema/import-user-schema';
import { fixableHint, type Issue } from './issue';
import { pointerSegments } from './json-pointer';

const exportOnly: ReadonlySet<string> = new Set(exportOnlyKeys);

// Names people write for the scrypt parameters and other keys that a case/separator match would not find.
const knownAliases: Readonly<Record<string, string>> = {
  parallelism: 'parallelization',
  keylength: 'keylen',
  n: 'cost',
  r: 'blockSize',
  p: 'parallelization',
  phone: 'phone_number',
  mfa: 'mfa_factors',
  metadata: 'user_metadata',
};

const normalizeKey = (key: string) => key.toLowerCase().replace(/[\s_-]/g, '');

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** The keys the schema allows in the object at `pointer` (array indexes step into `items`). */
export function allowedKeysAt(pointer: string): string[] {
  let node: SchemaNode | undefined = importUserSchema as unknown as SchemaNode;
  for (const segment of pointerSegments(pointer)) {
    node = /^\d+$/.test(segment) ? node?.items : node?.properties?.[segment];
  }
  return Object.keys(node?.properties ?? {});
}

/** The allowed key a misspelt one most likely meant, if any. */
export function suggestKey(key: string, allowed: readonly string[]): string | null {
  const wanted = normalizeKey(key);
  const direct = allowed.find((candidate) => normalizeKey(candidate) === wanted);
  if (direct) return direct;
  const alias = knownAliases[wanted];
  return alias && allowed.includes(alias) ? alias : null;
}

function parentLabel(objectPointer: string): string {
  return objectPointer === '' ? '' : ` inside ${objectPointer.slice(1).replace(/\//g, '.')}`;
}

/** A key the schema does not allow at `objectPointer`. */
export function additionalKeyIssue(objectPointer: string, key: string, path: string, fixing: boolean): Issue {
  const atRoot = objectPointer === '';
  const fixHint = fixing ? '' : ` ${fixableHint}`;
  if (atRoot && exportOnly.has(key)) {
    return {
      path,
      code: 'export-only-key',
      severity: 'error',
      message: `"${key}" comes from an Auth0 export; an import rejects it.`,
      hint: `Remove "${key}": Auth0 sets it itself.${fixHint}`,
    };
  }
  const mapped = atRoot ? extensionColumnNames[key] : undefined;
  if (mapped !== undefined) {
    const target = mapped === null ? 'has no import field' : `is "${mapped}" in an import`;
    return {
      path,
      code: 'renamed-column',
      severity: 'error',
      message: `"${key}" is a column name of the old export extension; it ${target}.`,
      hint:
        mapped === null
          ? `Remove the "${key}" column.${fixHint}`
          : `Rename "${key}" to "${mapped}" (if the record has both, keep one).${fixHint}`,
    };
  }
  const allowed = allowedKeysAt(objectPointer);
  const suggestion = suggestKey(key, allowed);
  const hint = suggestion
    ? `Did you mean "${suggestion}"? Key names are exact, including case.`
    : atRoot
      ? 'Remove it, or move custom data into user_metadata (or app_metadata).'
      : `Remove it; allowed here: ${allowed.join(', ')}.`;
  return {
    path,
    code: 'additional-property',
    severity: 'error',
    message: `"${key}" is not a field an Auth0 import accepts${parentLabel(objectPointer)}.`,
    hint,
  };
}

/** A metadata key containing '.' or '$' (at any depth). */
export function metadataKeyIssue(objectPointer: string, key: string, path: string): Issue {
  const top = pointerSegments(objectPointer)[0] ?? 'metadata';
  return {
    path,
    code: `${top}.key`,
    severity: 'error',
    message: `The key "${key}" in ${objectPointer.slice(1).replace(/\//g, '.')} contains "." or "$"; Auth0 does not allow them in ${top} keys.`,
    hint: 'Rename the key without "." and "$" (for example "_" instead), or nest objects instead of dotted names.',
  };
}

/** A key Auth0 reserves in app_metadata. */
export function reservedKeyIssue(key: string, path: string): Issue {
  return {
    path,
    code: 'app_metadata.reserved-key',
    severity: 'error',
    message: `app_metadata may not contain "${key}": Auth0 reserves that key.`,
    hint: `Rename "${key}" (for example "legacy_${key}") or move it into user_metadata.`,
  };
}
