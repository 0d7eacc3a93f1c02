/**
 * Tokens never reach IndexedDB. Stored records have no token fields, but free text (an error message Auth0 or a
 * proxy echoed, a field a user typed) could still carry one, so every string is scrubbed on the way in.
 */

// A JWT (three base64url parts, header starting `{"` = `eyJ`), or any "Bearer <credential>" pair.
const jwtPattern = /eyJ[\w-]{4,}(?:\.[\w-]*){1,2}/g;
const bearerPattern = /bearer\s+[^\s"',;]+/gi;
const redacted = '[token removed]';

/** The text with anything that looks like a bearer token or a JWT replaced. */
export function redactText(text: string): string {
  if (!/eyJ|bearer/i.test(text)) return text;
  return text.replace(bearerPattern, redacted).replace(jwtPattern, redacted);
}

/** A deep copy of plain data (objects, arrays, primitives) with every string passed through `redactText`. */
export function redactSecrets<T>(value: T): T {
  return redactValue(value) as T;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = redactValue(item);
    return copy;
  }
  return value;
}
