import { execFileSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_MAX_RESPONSE_BYTES, readBody } from '../client/body';
import { InputError, ResponseTooLargeError } from '../client/errors';
import { InputFileError, readInputFile } from '../io/input-file';
import { escapePointerToken, valueAtPointer } from '../schema/json-pointer';
import { printable } from '../text/printable';

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
  } else if (existsAsPath(source)) {
    // A path that exists as anything (a file, a folder, a FIFO, a broken link or a link loop) is
    // read as a file or refused in plain words: never taken for a git ref, never read unbounded.
    try {
      text = readInputFile(source, maxBytes);
    } catch (error) {
      if (error instanceof InputFileError) throw new SpecSourceError(error.message);
      throw error;
    }
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
    // yaml refuses more than 100 aliases (an alias bomb) on its own.
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parse(text);
  } catch (error) {
    if (error instanceof RangeError)
      throw new SpecSourceError(`${printable(source)} nests too deeply to be read (more than ${MAX_DEPTH} levels)`);
    throw new SpecSourceError(`${printable(source)} is not JSON or YAML: ${printable((error as Error).message)}`);
  }
  if (!doc || typeof doc !== 'object' || !('openapi' in doc || 'swagger' in doc))
    throw new SpecSourceError(`${printable(source)} is not an OpenAPI document`);
  checkDocument(doc, printable(source));
  return doc;
}

/** How deep a spec document may nest, and how many values it may hold, before it is refused. */
export const MAX_DEPTH = 200;
export const MAX_NODES = 2_000_000;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function existsAsPath(source: string): boolean {
  try {
    lstatSync(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * Walks the whole document once, without recursion, before anything else reads it: refuses one
 * nested deeper than MAX_DEPTH or holding more than MAX_NODES values, and every `$ref` that could
 * not be followed inside it. A reference outside the document (another file, `../`, a URL) is
 * never fetched or read: the message says to bundle the document. A local reference must lead
 * somewhere, and a chain of references must not come back to itself.
 */
// (Over 60 lines: one walk, with the three refusals it makes said where they are found.)
function checkDocument(doc: object, source: string): void {
  const stack: [unknown, string, number][] = [[doc, '', 0]];
  let nodes = 0;
  while (stack.length) {
    const [node, pointer, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (++nodes > MAX_NODES)
      throw new SpecSourceError(`${source} holds more than ${MAX_NODES} values; refusing to compare it`);
    if (depth > MAX_DEPTH)
      throw new SpecSourceError(`${source} nests deeper than ${MAX_DEPTH} levels (at ${pointer.slice(0, 200)})`);
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') checkReference(doc, ref, pointer || '/', source);
    const children = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, value] of children) {
      if (value !== null && typeof value === 'object')
        stack.push([value, `${pointer}/${escapePointerToken(String(key))}`, depth + 1]);
    }
  }
}

function checkReference(doc: object, ref: string, at: string, source: string): void {
  const shown = printable(JSON.stringify(ref).slice(0, 200));
  if (!ref.startsWith('#')) {
    throw new SpecSourceError(
      `${source}: $ref ${shown} at ${at} points outside the document; external references are never ` +
        `fetched or read. Bundle the document into one file first (for example: npx @redocly/cli bundle).`,
    );
  }
  let target: unknown = { $ref: ref };
  for (let hops = 0; typeof (target as { $ref?: unknown })?.$ref === 'string'; hops++) {
    const next = (target as { $ref: string }).$ref;
    if (hops > 20) throw new SpecSourceError(`${source}: $ref ${shown} at ${at} is part of a loop of references`);
    if (!next.startsWith('#/') && next !== '#')
      throw new SpecSourceError(`${source}: $ref ${shown} at ${at} leads to ${printable(next)}, outside the document`);
    // A fragment may be percent-encoded (`%7BChatServiceSid%7D`), as URI fragments are.
    target = next === '#' ? doc : (valueAtPointer(doc, next) ?? valueAtPointer(doc, safeDecode(next)));
    if (target === undefined)
      throw new SpecSourceError(`${source}: $ref ${shown} at ${at} points at nothing in the document`);
  }
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
    return Buffer.from(bytes).toString('utf8');
  } catch (error) {
    if (error instanceof SpecSourceError) throw error;
    if (error instanceof ResponseTooLargeError)
      throw new SpecSourceError(`${source} is larger than ${maxBytes} bytes; refusing to read more`);
    if (signal.aborted) throw new SpecSourceError(`${source} did not answer in full within ${timeoutMs} ms`);
    throw new SpecSourceError(`cannot fetch ${source}: ${(error as Error).message}`);
  }
}
