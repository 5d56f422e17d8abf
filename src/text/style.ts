// The five styles the reports and tables use, as the ANSI codes Node's `util.styleText` writes
// (so the output is the same), written out here so the reports carry no `node:` import and run
// wherever the client runs.
const CODES = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  gray: [90, 39],
  bold: [1, 22],
} as const;

/** A style the reports know: `red`, `green`, `yellow`, `gray` or `bold`. */
export type Style = keyof typeof CODES;

/**
 * Returns a painter: with `color` true, text is wrapped in the style's ANSI codes; otherwise it is
 * left as it is. The caller decides whether colour applies (a terminal, no NO_COLOR: see
 * cli/common.ts useColor).
 */
export function painter(color: boolean): (style: Style | undefined, text: string) => string {
  return (style, text) => {
    if (!color || !style) return text;
    const [open, close] = CODES[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  };
}
