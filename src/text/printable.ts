/**
 * Text from outside (a server's error message, a next link, a recorded file's name, a HAR URL)
 * is printed with its control characters made visible: `\x1b` instead of an escape sequence that
 * would move the cursor, recolour or retitle the terminal, or hide what follows. Line breaks,
 * C1 controls and bidirectional overrides are shown the same way, so one field stays one line
 * and reads in the order it is stored.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
