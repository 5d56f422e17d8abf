import { readFileSync } from 'node:fs';
import path from 'node:path';

let version: string | undefined;

/** This package's version, read once from its package.json (found from src/ and from dist/src/ alike). */
export function packageVersion(): string {
  if (version !== undefined) return version;
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'twilio-conversations-contract' && pkg.version) return (version = pkg.version);
    } catch {
      // not here; look one folder up
    }
  }
  return (version = '0.0.0');
}
