import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_MAX_RESPONSE_BYTES, readBody } from '../client/body';
import { InputError, ResponseTooLargeError } from '../client/errors';

/** The spec path inside this repository, used when a bare git ref is given. */
export const SPEC_IN_REPO = 'openapi/conversations.yaml';

/** A source could not be read or parsed. */
export class SpecSourceError extends InputError {}

/**
 * Reads an OpenAPI document from a file, an http(s) URL, or git: `REF` (the repository's
 * spec at that ref) or `REF:path`. YAML and JSON are both accepted.
 */
export async function loadSpecSource(
  source: string,
  options: { cwd?: string; fetch?: typeof fetch; timeoutMs?: number; maxBytes?: number } = {},
): Promise<Record<string, unknown>> {
  let text: string;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (/^https?:\/\//.test(source)) {
    text = await download(source, options.fetch ?? fetch, options.timeoutMs ?? 30_000, maxBytes);
  } else if (existsSync(source)) {
    text = readFileSync(source, 'utf8');
  } else {
    // A source that starts with '-' would be read by git as an option (--output=FILE writes a file).
    if (source.startsWith('-')) throw new SpecSourceError(`${source} is neither a file, a URL, nor a git ref`);
    const spec = source.includes(':') ? source : `${source}:${SPEC_IN_REPO}`;
    try {
      text = execFileSync('git', ['show', '--end-of-options', spec], {
        cwd: options.cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: maxBytes,
      });
    } catch {
      throw new SpecSourceError(
        `${source} is neither a file, a URL, nor a git ref with ${spec.slice(spec.indexOf(':') + 1)} in it`,
      );
    }
  }
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new SpecSourceError(`${source} is not JSON or YAML: ${(error as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || !('openapi' in doc || 'swagger' in doc))
    throw new SpecSourceError(`${source} is not an OpenAPI document`);
  return doc;
}

// One timer covers the whole download, body included, and the body is capped while it arrives.
async function download(source: string, fetchFn: typeof fetch, timeoutMs: number, maxBytes: number): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchFn(source, { signal, redirect: 'follow' });
    if (!response.ok) {
      void response.body?.cancel().catch(() => {});
      throw new SpecSourceError(`${source} answered HTTP ${response.status}`);
    }
    const { bytes } = await readBody(response, {
      limit: maxBytes,
      overLimit: 'fail',
      signal,
      method: 'GET',
      url: source,
    });
    return bytes.toString('utf8');
  } catch (error) {
    if (error instanceof SpecSourceError) throw error;
    if (error instanceof ResponseTooLargeError)
      throw new SpecSourceError(`${source} is larger than ${maxBytes} bytes; refusing to read more`);
    if (signal.aborted) throw new SpecSourceError(`${source} did not answer in full within ${timeoutMs} ms`);
    throw new SpecSourceError(`cannot fetch ${source}: ${(error as Error).message}`);
  }
}
