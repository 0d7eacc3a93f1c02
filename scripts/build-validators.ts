/**
 * Writes the standalone import-user validators (src/core/schema/generated/validate-import-user.js, and
 * validate-import-user-fast.js which stops at the first error) from the schema in
 * src/core/schema/import-user-schema.ts. Run by `npm run gen:validators` and at the start of `npm run build`.
 * The output is deterministic, so an unchanged schema rewrites identical files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildValidatorSource, generatedValidators } from '../src/core/schema/validator-source';

const readCurrent = (target: string): string | null => {
  try {
    return readFileSync(target, 'utf8');
  } catch {
    return null;
  }
};
for (const { path, allErrors } of generatedValidators) {
  const target = fileURLToPath(new URL(`../${path}`, import.meta.url));
  const source = buildValidatorSource(allErrors);
  if (readCurrent(target) === source) {
    console.log(`gen:validators: ${path} is up to date`);
  } else {
    writeFileSync(target, source);
    console.log(`gen:validators: wrote ${path} (${source.length} characters)`);
  }
}
