import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The spec path inside this repository, used when a bare git ref is given. */
export const SPEC_IN_REPO = 'openapi/conversations.yaml';

/** A source could not be read or parsed. */
export class SpecSourceError extends Error {}

/**
 * Reads an OpenAPI document from a file, an http(s) URL, or git: `REF` (the repository's
 * spec at that ref) or `REF:path`. YAML and JSON are both accepted.
 */
export async function loadSpecSource(source: string, options: { cwd?: string; fetch?: typeof fetch } = {}): Promise<Record<string, unknown>> {
  let text: string;
  if (/^https?:\/\//.test(source)) {
    const response = await (options.fetch ?? fetch)(source);
    if (!response.ok) throw new SpecSourceError(`${source} answered HTTP ${response.status}`);
    text = await response.text();
  } else if (existsSync(source)) {
    text = readFileSync(source, 'utf8');
  } else {
    const spec = source.includes(':') ? source : `${source}:${SPEC_IN_REPO}`;
    try {
      text = execFileSync('git', ['show', spec], { cwd: options.cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    } catch {
      throw new SpecSourceError(`${source} is neither a file, a URL, nor a git ref with ${spec.slice(spec.indexOf(':') + 1)} in it`);
    }
  }
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new SpecSourceError(`${source} is not JSON or YAML: ${(error as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || !('openapi' in doc || 'swagger' in doc)) throw new SpecSourceError(`${source} is not an OpenAPI document`);
  return doc as Record<string, unknown>;
}
