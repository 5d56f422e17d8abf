import { fromServicesOn, LIST_PATH_PATTERN } from '../schema/operation';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../client/errors';
import { InputFileError, problemOf, readInputFile } from '../io/input-file';
import { printable } from '../text/printable';
import type { Exchange } from './types';
import { fromBase64 } from '../text/bytes';

/** A recorded file could not be read as what it claims to be (a usage problem, not a finding). */
export class RecordedInputError extends InputError {}

/**
 * Loads recorded responses: JSON files (one body, or an array of bodies), HAR files (entries
 * for this operation), or folders of either (searched recursively, in name order).
 * Pages that link to each other (`next_page_url` of one is the URL of another) form a chain,
 * so that pagination checks can follow them.
 */
export async function loadRecorded(
  paths: string[],
  options: {
    /**
     * Told of each file inside a named folder that cannot be read (a link loop, a FIFO, a file too
     * large, permission denied), in plain words; the walk goes on with the others. Without it, the
     * first such file stops the load. A path named in `paths` that cannot be read always does.
     */
    onSkipped?: (problem: string) => void;
    /**
     * Told of each credential found in the input itself - a URL's user info, an Authorization
     * header of a HAR entry, a token query parameter - so that every output can scrub it even
     * when the environment does not hold it. URLs are handed on without their user info.
     */
    onCredential?: (credential: { secret: string; user?: string }) => void;
  } = {},
): Promise<Exchange[]> {
  // Loops, not push(...spread): a file may hold hundreds of thousands of bodies.
  const files: { file: string; named: boolean }[] = [];
  const walk: Walk = { out: files, seen: new Set(), onSkipped: options.onSkipped };
  for (const p of paths) await expand(p, walk, true);
  if (files.length === 0)
    throw new RecordedInputError(`no .json or .har files found in ${paths.map(printable).join(', ')}`);
  const exchanges: Exchange[] = [];
  for (const { file, named } of files) {
    let found: Exchange[];
    try {
      found = file.toLowerCase().endsWith('.har') ? fromHar(file, options.onCredential) : fromJson(file);
    } catch (error) {
      if (!(error instanceof InputFileError) || named || !walk.onSkipped) throw asRecordedError(error);
      walk.onSkipped(error.message);
      continue;
    }
    for (const exchange of found) exchanges.push(exchange);
  }
  for (const e of exchanges) e.filter = filterOf(e.url);
  return chain(exchanges);
}

/**
 * The filters a recorded request asked for, read from its URL, so that filter_conformance checks a
 * replay as it checks a live run. A bare date means the whole UTC day, as the client sends it.
 */
function filterOf(url: string | undefined): Exchange['filter'] {
  if (url === undefined) return undefined;
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const day = (value: string | null, end: boolean) =>
    value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? `${value}T${end ? '23:59:59' : '00:00:00'}Z`
      : (value ?? undefined);
  const filter = {
    state: query.get('State') ?? undefined,
    startDate: day(query.get('StartDate'), false),
    endDate: day(query.get('EndDate'), true),
  };
  const set = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  return Object.keys(set).length ? set : undefined;
}

interface Walk {
  out: { file: string; named: boolean }[];
  /** Folders already walked (device and inode): a link to a folder above cannot send the walk round. */
  seen: Set<string>;
  onSkipped: ((problem: string) => void) | undefined;
}

const asRecordedError = (error: unknown) =>
  error instanceof InputFileError ? new RecordedInputError(`cannot read ${error.message}`) : error;

// Regular files only: a FIFO or a device named *.json would block the read forever. A path the
// user named that cannot be read stops the load; one found inside a folder is skipped and told.
async function expand(p: string, walk: Walk, named: boolean): Promise<void> {
  const skip = (error: InputFileError) => {
    if (named || !walk.onSkipped) throw asRecordedError(error);
    walk.onSkipped(error.message);
  };
  let info;
  try {
    info = await stat(p);
  } catch (error) {
    return skip(problemOf(p, error));
  }
  if (info.isFile()) {
    if (named || /\.(json|har)$/i.test(p)) walk.out.push({ file: p, named });
    return;
  }
  if (!info.isDirectory()) {
    if (named || /\.(json|har)$/i.test(p))
      skip(new InputFileError(p, 'not-a-file', 'is not a regular file or a folder (a FIFO or a device?)'));
    return;
  }
  const id = `${info.dev}:${info.ino}`;
  if (walk.seen.has(id)) return; // reached again through a link: walked once already
  walk.seen.add(id);
  let entries;
  try {
    entries = await readdir(p, { withFileTypes: true });
  } catch (error) {
    return skip(problemOf(p, error));
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(p, entry.name);
    // Links are followed (to files and to folders), each folder once.
    if (entry.isDirectory() || entry.isSymbolicLink()) await expand(full, walk, false);
    else if (entry.isFile() && /\.(json|har)$/i.test(entry.name)) walk.out.push({ file: full, named: false });
    else if (/\.(json|har)$/i.test(entry.name)) await expand(full, walk, false);
  }
}

function parseFile(file: string): unknown {
  const text = readInputFile(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RecordedInputError(`${printable(file)} is not JSON: ${(error as Error).message}`);
  }
}

function fromJson(file: string): Exchange[] {
  const data = parseFile(file);
  const bodies: unknown[] = Array.isArray(data) ? data : [data];
  return bodies.map((body, i) => ({
    source: Array.isArray(data) ? `${file}[${i}]` : file,
    method: 'GET',
    // A bare body knows its own URL: the server wrote it in meta.url.
    url:
      typeof (body as { meta?: { url?: unknown } })?.meta?.url === 'string'
        ? (body as { meta: { url: string } }).meta.url
        : undefined,
    status: undefined,
    contentType: undefined,
    body,
  }));
}

interface HarEntry {
  request?: { method?: string; url?: string; headers?: { name?: unknown; value?: unknown }[] };
  response?: {
    status?: number;
    headers?: { name: string; value: string }[];
    content?: { mimeType?: string; text?: string; encoding?: string };
  };
}

// Query parameters that carry a credential, by the names tools commonly give them.
const TOKEN_PARAMETERS =
  /^(?:token|access_token|auth_token|authtoken|api_key|apikey|key|secret|client_secret|password|sig|signature)$/i;

/** The credentials a recorded request carries, and its URL without user info. */
function credentialsOf(entry: HarEntry, url: string): { url: string; found: { secret: string; user?: string }[] } {
  const found: { secret: string; user?: string }[] = [];
  const parsed = new URL(url);
  if (parsed.password)
    found.push({ secret: decodeURIComponent(parsed.password), user: decodeURIComponent(parsed.username) });
  else if (parsed.username) found.push({ secret: decodeURIComponent(parsed.username) });
  for (const [name, value] of parsed.searchParams)
    if (TOKEN_PARAMETERS.test(name) && value) found.push({ secret: value });
  for (const header of Array.isArray(entry.request?.headers) ? entry.request.headers : []) {
    if (typeof header?.name !== 'string' || typeof header.value !== 'string') continue;
    if (!/^(?:authorization|proxy-authorization)$/i.test(header.name)) continue;
    const [scheme, credential = ''] = header.value.trim().split(/\s+/, 2);
    if (/^basic$/i.test(scheme ?? '')) {
      const pair = fromBase64(credential);
      const colon = pair.indexOf(':');
      found.push(colon === -1 ? { secret: pair } : { secret: pair.slice(colon + 1), user: pair.slice(0, colon) });
    }
    found.push({ secret: credential || header.value });
  }
  if (!parsed.username && !parsed.password) return { url, found };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, found };
}

function fromHar(file: string, onCredential?: (credential: { secret: string; user?: string }) => void): Exchange[] {
  const har = parseFile(file) as { log?: { entries?: unknown } };
  if (!Array.isArray(har?.log?.entries)) throw new RecordedInputError(`${file} is not a HAR file (no log.entries)`);
  const out: Exchange[] = [];
  const entries = har.log.entries as unknown[];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as HarEntry;
    const bad = (what: string) => new RecordedInputError(`${file} entry ${i}: ${what}`);
    if (entry === null || typeof entry !== 'object') throw bad(`is ${JSON.stringify(entry)}, not an object`);
    const url = entry.request?.url;
    if (typeof url !== 'string') throw bad('has no request.url');
    let pathname: string;
    try {
      pathname = new URL(url).pathname;
    } catch {
      throw bad(`request.url ${JSON.stringify(url.slice(0, 200))} is not an absolute URL`);
    }
    // Every entry's credentials are learnt, this operation's or not: any of them may be echoed.
    const clean = credentialsOf(entry, url);
    for (const credential of clean.found) onCredential?.(credential);
    if (!LIST_PATH_PATTERN.test(pathname) || (entry.request?.method ?? 'GET') !== 'GET') continue;
    const headerList = Array.isArray(entry.response?.headers) ? entry.response.headers : [];
    const headers = new Map(
      headerList.filter((h) => typeof h?.name === 'string').map((h) => [h.name.toLowerCase(), String(h.value)]),
    );
    const content = entry.response?.content;
    const raw = typeof content?.text === 'string' ? content.text : '';
    const text = content?.encoding === 'base64' ? fromBase64(raw) : raw;
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    out.push({
      source: `${file} entry ${i}`,
      method: 'GET',
      url: clean.url,
      status: typeof entry.response?.status === 'number' ? entry.response.status : undefined,
      contentType: headers.get('content-type') ?? content?.mimeType ?? null,
      body,
      bodyText: body === undefined ? text : undefined,
      slViolations: headers.get('sl-violations'),
    });
  }
  return out;
}

/** Links pages whose next_page_url is another page's URL into chains, in the order given. */
function chain(exchanges: Exchange[]): Exchange[] {
  const key = (url: unknown) => {
    if (typeof url !== 'string') return undefined;
    try {
      const u = new URL(url);
      return fromServicesOn(u.pathname) + u.search;
    } catch {
      return undefined;
    }
  };
  const awaited = new Map<string, { id: string; index: number }>();
  let chains = 0;
  for (const e of exchanges) {
    const self = key(e.url);
    const link = self === undefined ? undefined : awaited.get(self);
    e.chain = link ? { id: link.id, index: link.index + 1 } : { id: `chain-${++chains}`, index: 0 };
    const next = key((e.body as { meta?: { next_page_url?: unknown } } | undefined)?.meta?.next_page_url);
    if (next !== undefined) awaited.set(next, e.chain);
  }
  return exchanges;
}
