import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Absolute path of the bundled spec (openapi/conversations.yaml), found from this file whether it
 * runs from src/ or dist/src/. Needs a file system: Node, Bun and Deno only, so it is kept out of
 * the client's import graph.
 */
export function specPath(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'openapi', 'conversations.yaml');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error('openapi/conversations.yaml not found above ' + __dirname);
  }
}
