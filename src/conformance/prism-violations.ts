/** One request violation reported by Prism in its `sl-violations` header. */
export interface PrismViolation {
  location: string[];
  severity: string;
  code: string | number;
  message: string;
}

/**
 * Reads Prism's `sl-violations` header. Prism cuts the header at about 8 KB and then
 * prefixes it with `Too many violations! `, which is no longer JSON: in that case (or
 * any other unreadable value) the result says it was truncated instead of throwing.
 */
export function parseSlViolations(header: string | null): { violations: PrismViolation[]; truncated: boolean } {
  if (!header) return { violations: [], truncated: false };
  try {
    const parsed: unknown = JSON.parse(header);
    if (Array.isArray(parsed)) return { violations: parsed as PrismViolation[], truncated: false };
  } catch {
    // fall through: not JSON
  }
  return { violations: [], truncated: true };
}
