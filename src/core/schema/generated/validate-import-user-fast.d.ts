/** Types for the generated validator that stops at the first error (hand-written: Ajv emits JavaScript only). */
import type { ImportUserValidator } from './validate-import-user';

/** `errors` holds only the first problem; run the allErrors validator for a record that fails. */
export declare const validate: ImportUserValidator;
export default validate;
