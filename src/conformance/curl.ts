import type { Exchange } from './types';

/**
 * A curl command that repeats the request behind an exchange. Credentials are always
 * placeholders taken from the environment at the time it is run, never real values.
 */
export function curlFor(exchange: Exchange): string | undefined {
  if (!exchange.url) return undefined;
  const parts = ['curl -sS'];
  if (exchange.method !== 'GET') parts.push(`-X ${exchange.method}`);
  if (exchange.curlAuth === 'credentials' || exchange.curlAuth === undefined) parts.push('-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"');
  if (exchange.curlAuth === 'wrong-credentials') parts.push('-u "$TWILIO_ACCOUNT_SID:not-the-token"');
  for (const [name, value] of Object.entries(exchange.curlHeaders ?? {})) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  parts.push(shellQuote(exchange.url));
  return parts.join(' ');
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
