/** One place where a value breaks its schema. */
export interface Violation {
  /** JSON pointer into the validated value ('' is the value itself). */
  pointer: string;
  /** The JSON Schema keyword that failed (pattern, type, required, ...). */
  rule: string;
  /** Human-readable description from the validator. */
  message: string;
  /** What the schema wanted, in words (e.g. `must be one of: inactive, active, closed`). */
  expected: string;
  /** Where the rule sits in the schema. */
  schemaPath: string;
  /** The offending value (for `required`, the object that lacks the property). */
  value: unknown;
}
