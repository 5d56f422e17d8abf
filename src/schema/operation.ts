// The operation's path, and every spelling of it derived from it. No imports: the validator
// generator loads this at generate time, before generated/ is up to date.

/** Path template of the one operation, as written in the spec. */
export const OPERATION_PATH = '/v1/Services/{ChatServiceSid}/Conversations' as const;

// Every other spelling of the path is derived from the template above.
const [PATH_HEAD, PATH_TAIL] = OPERATION_PATH.split('{ChatServiceSid}') as [string, string];
const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The list's path for one service: `/v1/Services/IS.../Conversations`. */
export function listPath(chatServiceSid: string): string {
  return `${PATH_HEAD}${chatServiceSid}${PATH_TAIL}`;
}

/** Matches a URL path that ends with the list's path (after any prefix, such as a proxy's); group 1 is the ChatServiceSid. */
export const LIST_PATH_PATTERN = new RegExp(`^(?:.*)${escapeRe(PATH_HEAD)}([^/]+)${escapeRe(PATH_TAIL)}$`);

/** A URL path from `/v1/Services/` on: a prefix before it (a proxy's, say) is dropped. */
export function fromServicesOn(pathname: string): string {
  const at = pathname.indexOf(PATH_HEAD);
  return at === -1 ? pathname : pathname.slice(at);
}
