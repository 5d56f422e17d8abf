import { isLoopback } from '../client/config';
import { DEFAULT_BASE_URL } from '../schema/spec';
import type { Exchange } from './types';

/**
 * A curl command that repeats the request behind an exchange. Credentials are always
 * placeholders taken from the environment at the time it is run, never real values, and are
 * attached only for the API host (`apiBase`, default Twilio's) over https (or http on a loopback
 * host): a recorded request to another host, or over plain http, gets none.
 */
export function curlFor(exchange: Exchange, apiBase: string = DEFAULT_BASE_URL): string | undefined {
  if (!exchange.url) return undefined;
  const parts = ['curl -sS'];
  if (exchange.method !== 'GET') parts.push(`-X ${exchange.method}`);
  const auth = exchange.curlAuth ?? (sendsCredentialsTo(exchange.url, apiBase) ? 'credentials' : 'none');
  if (auth === 'credentials') parts.push('-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"');
  if (exchange.curlAuth === 'wrong-credentials') parts.push('-u "$TWILIO_ACCOUNT_SID:not-the-token"');
  for (const [name, value] of Object.entries(exchange.curlHeaders ?? {}))
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  parts.push(shellQuote(exchange.url));
  return parts.join(' ');
}

function sendsCredentialsTo(url: string, apiBase: string): boolean {
  try {
    const target = new URL(url);
    const api = new URL(apiBase);
    const secure = target.protocol === 'https:' || (target.protocol === 'http:' && isLoopback(target.hostname));
    return secure && target.origin === api.origin;
  } catch {
    return false;
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
