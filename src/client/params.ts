import type { operations } from '../../generated/conversations';
import { RequestValidationError } from './errors';
import { deref, listParameters, spec } from '../schema/spec';
import type { Check, SpecValidators } from '../schema/validate';
import { paramExport, precompiledPointers } from '../schema/validator-set';

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
  /** Only conversations in this state. */
  state?: NonNullable<WireQuery['State']>;
  /**
   * Only conversations created at or after this moment: a `Date`, an ISO 8601 date-time, or a date
   * (`2026-01-31`, meaning the start of that UTC day, `2026-01-31T00:00:00Z`). Sent as `YYYY-MM-DDTHH:MM:SSZ`.
   */
  startDate?: Date | string;
  /**
   * Only conversations created at or before this moment: a `Date`, an ISO 8601 date-time, or a date
   * (`2026-01-31`, meaning the end of that UTC day, `2026-01-31T23:59:59Z`). Sent as `YYYY-MM-DDTHH:MM:SSZ`.
   */
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
    if (!specParams.has(wire) || !pointer)
      throw new Error(`the spec has no parameter ${wire}; the client and spec disagree`);
    checks.set(wire, validators.at(pointer));
  }
  const required = [...specParams.values()].filter((p) => p.required).map((p) => p.name);
  const rules = new Map([...specParams.values()].map((p) => [p.name, plainRule(p.schema)]));

  return function encode(params: ListParams): WireParams {
    if (params === null || typeof params !== 'object') {
      throw new RequestValidationError('params', params, 'must be an object with at least chatServiceSid');
    }
    const wire: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined) continue;
      const name = (WIRE_NAMES as Record<string, string>)[key];
      if (!name) {
        throw new RequestValidationError(
          key,
          value,
          `not a parameter of listServiceConversations (known: ${Object.keys(WIRE_NAMES).join(', ')})`,
        );
      }
      const sent = DATE_PARAMS.has(key) ? toWireDate(name, value, key === 'endDate') : value;
      const violation = checks.get(name)!(sent)[0];
      if (violation)
        throw new RequestValidationError(name, value, rules.get(name) ?? `${violation.rule}: ${violation.message}`);
      wire[name] = DATE_PARAMS.has(key) ? normaliseDate(name, value, sent as string, rules.get(name)!) : sent;
    }
    for (const name of required) {
      if (wire[name] === undefined)
        throw new RequestValidationError(name, undefined, `is required: ${rules.get(name) ?? 'give a value'}`);
    }
    const { ChatServiceSid, ...query } = wire;
    return { path: { ChatServiceSid: ChatServiceSid as string }, query: query };
  };
}

// Twilio's guidance for the date filters is by whole days: a start date from the start of the day,
// an end date to its end. A bare date is expanded that way, in UTC.
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function toWireDate(name: string, value: unknown, end: boolean): unknown {
  if (typeof value === 'string') {
    const day = DATE_ONLY.exec(value.trim());
    if (!day) return value;
    const [, y, m, d] = day.map(Number) as [number, number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    // 2026-02-30 would roll over to March: refuse it rather than filter on a day nobody asked for.
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return value;
    return `${value.trim()}T${end ? '23:59:59' : '00:00:00'}Z`;
  }
  if (!(value instanceof Date)) return value;
  if (Number.isNaN(value.getTime()))
    throw new RequestValidationError(name, value, 'must be a valid Date (this one is Invalid Date)');
  return value.toISOString();
}

// Twilio documents whole-second UTC timestamps for the date filters; sub-second
// parts are dropped (truncated), and offsets are converted to Z.
function normaliseDate(name: string, value: unknown, iso: string, rule: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RequestValidationError(name, value, rule);
  return wireDateTime(date.getTime());
}

/** A moment as the date filters are sent: `YYYY-MM-DDTHH:MM:SSZ`, the sub-second part dropped. */
export function wireDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A parameter's rule in plain words, stated from its schema in the spec: what a person needs to
 * write a good value, rather than the validator's wording (`minLength: must NOT have fewer...`).
 */
export function plainRule(schema: unknown): string {
  const s =
    deref<{ type?: string; enum?: unknown[]; pattern?: string; minimum?: number; maximum?: number; format?: string }>(
      schema,
    ) ?? {};
  if (Array.isArray(s.enum)) return `must be one of ${s.enum.join(', ')}`;
  if (s.pattern) {
    const sid = /^\^([A-Z]{2})\[0-9a-fA-F\]\{(\d+)\}\$$/.exec(s.pattern);
    return sid ? `must be "${sid[1]}" followed by ${sid[2]} hex digits` : `must match the pattern ${s.pattern}`;
  }
  if (s.type === 'integer') {
    if (s.minimum !== undefined && s.maximum !== undefined)
      return `must be a whole number from ${s.minimum} to ${s.maximum}`;
    if (s.minimum !== undefined) return `must be a whole number, ${s.minimum} or more`;
    return 'must be a whole number';
  }
  if (s.format === 'date-time') return 'must be an ISO 8601 date-time (2026-01-31T09:30:00Z) or date (2026-01-31)';
  if (s.type === 'string') return 'must be a string';
  return 'must follow the spec';
}

/**
 * The page size to ask for when only `limit` conversations are wanted: the limit itself when it is
 * below the server's default page size (the spec's PageSize default), so no unneeded items are sent.
 */
export function pageSizeForLimit(limit: number | undefined): number | undefined {
  const serverDefault = (listParameters().get('PageSize')?.schema as { default?: number } | undefined)?.default;
  return limit !== undefined && serverDefault !== undefined && limit < serverDefault ? Math.max(limit, 1) : undefined;
}
