/**
 * The characters that must not reach a terminal raw: C0 controls (ESC, BEL, line breaks...), DEL,
 * C1 controls (0x9b is an 8-bit CSI), bidirectional marks, embeddings, overrides and isolates
 * (which reorder what follows), and the Unicode line and paragraph separators.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeOf = (c: string) => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Text from outside (a server's error message, a next link, a recorded file's name, a HAR URL)
 * is printed with its control characters made visible: `\x1b` instead of an escape sequence that
 * would move the cursor, recolour or retitle the terminal, or hide what follows. Line breaks,
 * C1 controls and bidirectional overrides are shown the same way, so one field stays one line
 * and reads in the order it is stored.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeOf);
}

/**
 * JSON text with every character `printable` would escape written as a `\uXXXX` escape. The value
 * is the same (JSON.stringify already escapes C0 controls; this adds C1, bidi controls and the
 * separators, which it leaves raw), so a JSON stream printed to a terminal cannot drive it either.
 */
export function terminalSafeJson(json: string): string {
  // C0 controls in JSON text are its own line breaks and indentation: JSON.stringify has already
  // escaped every one inside a string.
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
