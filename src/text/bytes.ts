// Bytes, UTF-8 and base64 with the web platform's own tools (TextEncoder, TextDecoder, btoa, atob),
// so the client and the checks need no Buffer: they run on Workers and in browsers as on Node.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The UTF-8 bytes of a string. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A string from UTF-8 bytes; a malformed sequence becomes U+FFFD, as Buffer's toString does. */
export function utf8Text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Standard base64 (with padding) of a string's UTF-8 bytes. */
export function base64(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** URL-safe base64 without padding (RFC 4648 section 5) of a string's UTF-8 bytes. */
export function base64url(text: string): string {
  return base64(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * The text a base64 value encodes (standard or URL-safe, padded or not), read as UTF-8. Characters
 * outside the alphabet are skipped, as Buffer.from(value, 'base64') skips them.
 */
export function fromBase64(value: string): string {
  const clean = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/[^A-Za-z0-9+/]/g, '');
  const whole = clean.length % 4 === 1 ? clean.slice(0, -1) : clean;
  const binary = atob(whole + '='.repeat((4 - (whole.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return decoder.decode(bytes);
}

/** One array holding the chunks in order (`total` is the sum of their lengths). */
export function concatBytes(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
