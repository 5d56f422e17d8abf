import type { operations } from '../generated/conversations';
import { RequestValidationError } from './errors';
import { listParameters, spec } from './spec';
import type { Check, SpecValidators } from './validate';
import { paramExport, precompiledPointers } from './validator-set';

type WireQuery = NonNullable<operations['listServiceConversations']['parameters']['query']>;

/** Parameters of one page request, in camelCase; their wire names and rules come from the spec. */
export interface ListParams {
  /** `IS` followed by 32 hex digits. */
  chatServiceSid: string;
  /** 1..1000; the server's default is 50. */
  pageSize?: number;
  /** Zero-based page index (the server only echoes it). */
  page?: number;
  /** Opaque token from a previous page's links. */
  pageToken?: string;
  state?: NonNullable<WireQuery['State']>;
  /** A `Date` or an ISO 8601 date-time string; sent as `YYYY-MM-DDTHH:MM:SSZ`. */
  startDate?: Date | string;
  /** A `Date` or an ISO 8601 date-time string; sent as `YYYY-MM-DDTHH:MM:SSZ`. */
  endDate?: Date | string;
}

/** The request as openapi-fetch takes it. */
export interface WireParams {
  path: { ChatServiceSid: string };
  query: WireQuery;
}

const WIRE_NAMES = {
  chatServiceSid: 'ChatServiceSid',
  pageSize: 'PageSize',
  page: 'Page',
  pageToken: 'PageToken',
  state: 'State',
  startDate: 'StartDate',
  endDate: 'EndDate',
} as const satisfies Record<keyof ListParams, string>;

const DATE_PARAMS = new Set<string>(['startDate', 'endDate']);

/**
 * Returns a function that checks camelCase parameters against the spec's own parameter
 * schemas and turns them into wire parameters, throwing `RequestValidationError` on the
 * first bad one so that nothing is sent.
 */
export function createParamEncoder(validators: SpecValidators) {
  const specParams = listParameters();
  const pointers = precompiledPointers(spec);
  const checks = new Map<string, Check>();
  for (const wire of Object.values(WIRE_NAMES)) {
    const pointer = pointers[paramExport(wire)];
    if (!specParams.has(wire) || !pointer) throw new Error(`the spec has no parameter ${wire}; the client and spec disagree`);
    checks.set(wire, validators.at(pointer));
  }
  const required = [...specParams.values()].filter((p) => p.required).map((p) => p.name);

  return function encode(params: ListParams): WireParams {
    if (params === null || typeof params !== 'object') {
      throw new RequestValidationError('params', params, 'must be an object with at least chatServiceSid');
    }
    const wire: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined) continue;
      const name = (WIRE_NAMES as Record<string, string>)[key];
      if (!name) {
        throw new RequestValidationError(key, value, `not a parameter of listServiceConversations (known: ${Object.keys(WIRE_NAMES).join(', ')})`);
      }
      const sent = DATE_PARAMS.has(key) ? toWireDate(name, value) : value;
      const violation = checks.get(name)!(sent)[0];
      if (violation) throw new RequestValidationError(name, value, `${violation.rule}: ${violation.message}`);
      wire[name] = DATE_PARAMS.has(key) ? normaliseDate(name, value, sent as string) : sent;
    }
    for (const name of required) {
      if (wire[name] === undefined) throw new RequestValidationError(name, undefined, 'required by the spec');
    }
    const { ChatServiceSid, ...query } = wire;
    return { path: { ChatServiceSid: ChatServiceSid as string }, query: query as WireQuery };
  };
}

function toWireDate(name: string, value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  if (Number.isNaN(value.getTime())) throw new RequestValidationError(name, value, 'must be a valid Date');
  return value.toISOString();
}

// Twilio documents whole-second UTC timestamps for the date filters; sub-second
// parts are dropped (truncated), and offsets are converted to Z.
function normaliseDate(name: string, value: unknown, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RequestValidationError(name, value, 'format: must be a date-time JavaScript can read');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The page size to ask for when only `limit` conversations are wanted: the limit itself when it is
 * below the server's default page size (the spec's PageSize default), so no unneeded items are sent.
 */
export function pageSizeForLimit(limit: number | undefined): number | undefined {
  const serverDefault = (listParameters().get('PageSize')?.schema as { default?: number } | undefined)?.default;
  return limit !== undefined && serverDefault !== undefined && limit < serverDefault ? Math.max(limit, 1) : undefined;
}
