/**
 * Writes the standalone import-user validator (src/core/schema/generated/validate-import-user.js) from the schema in
 * src/core/schema/import-user-schema.ts. Run by `npm run gen:validators` and at the start of `npm run build`.
 * The output is deterministic, so an unchanged schema rewrites an identical file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildValidatorSource, generatedValidatorPath } from '../src/core/schema/validator-source';

const target = fileURLToPath(new URL(`../${generatedValidatorPath}`, import.meta.url));
const source = buildValidatorSource();
const readCurrent = (): string | null => {
  try {
    return readFileSync(target, 'utf8');
  } catch {
    return null;
  }
};
if (readCurrent() === source) {
  console.log(`gen:validators: ${generatedValidatorPath} is up to date`);
} else {
  writeFileSync(target, source);
  console.log(`gen:validators: wrote ${generatedValidatorPath} (${source.length} characters)`);
}
