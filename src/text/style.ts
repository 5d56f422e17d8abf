import { styleText } from 'node:util';

/** A style Node's `util.styleText` knows: `red`, `green`, `yellow`, `bold`, `gray`... */
export type Style = Parameters<typeof styleText>[0];

/**
 * Returns a painter: with `color` true, text is wrapped in the style's ANSI codes; otherwise it is
 * left as it is. The caller decides whether colour applies (a terminal, no NO_COLOR: see
 * cli/common.ts useColor), so styleText is told not to look at a stream itself.
 */
export function painter(color: boolean): (style: Style | undefined, text: string) => string {
  return (style, text) => (color && style ? styleText(style, text, { validateStream: false }) : text);
}
