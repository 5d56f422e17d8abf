import { createHmac } from 'node:crypto';

/**
 * Opaque page tokens, as Twilio's are: they hold `+` and `:` and must come back byte for byte. A
 * token carries its offset and a MAC over the listing it belongs to, so the server keeps no state
 * per token (memory does not grow with requests) and refuses a token re-encoded by a client
 * (`%2B`, `%3A`, or `+` read as a space), or taken from another listing.
 */
export function createTokens(secret: string) {
  const mac = (listing: string, offset: number) =>
    createHmac('sha256', secret).update(`${listing}\n${offset}`).digest('hex').slice(0, 12);
  return {
    /** The token for the page starting at `offset` of `listing` (its filters and page size). */
    issue(listing: string, offset: number): string {
      return `PT${offset}:${mac(listing, offset)}+`;
    },
    /** The offset a raw (undecoded) token stands for, or undefined when it is not one of ours for this listing. */
    read(listing: string, raw: string): number | undefined {
      const match = /^PT(\d{1,9}):([0-9a-f]{12})\+$/.exec(raw);
      if (!match) return undefined;
      const offset = Number(match[1]);
      return match[2] === mac(listing, offset) ? offset : undefined;
    },
  };
}
