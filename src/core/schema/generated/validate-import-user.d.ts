/** Types for the generated standalone validator (hand-written: Ajv emits JavaScript only). */

/** One Ajv error as the generated code reports it (a subset of Ajv's `ErrorObject`). */
export interface ImportUserSchemaError {
  /** JSON Pointer to the failing value. */
  instancePath: string;
  /** Pointer into the schema of the keyword that failed. */
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  /** Set for errors raised while checking a property name (propertyNames). */
  propertyName?: string;
  message?: string;
}

export interface ImportUserValidator {
  (data: unknown): boolean;
  /** Every problem of the last call (allErrors), or null when it passed. */
  errors: ImportUserSchemaError[] | null;
}

export declare const validate: ImportUserValidator;
export default validate;
