import { parseSlViolations } from './prism-violations';
import { deref, listOperation } from '../schema/spec';
import { createSpecValidators, type Violation } from '../schema/validate';
import { curlFor } from './curl';
import { paginationFindings } from './pagination-check';
import { isObject, snippet } from './values';
import type { CheckName, Exchange, Finding } from './types';

/** The outcome of one check on one exchange: `null` when the check does not apply to it. */
type CheckFn = (
  exchange: Exchange,
  previousInChain: Exchange | undefined,
) => Omit<Finding, 'check' | 'source' | 'curl' | 'severity'>[] | null;

/**
 * A named check and what its findings mean: `failure` fails the run; `drift` (a property or an enum
 * value the spec does not know, which the contract tolerates) is reported, and fails only in strict mode.
 */
interface Check {
  severity: 'failure' | 'drift';
  run: CheckFn;
}

/** One check's run on one response, kept when it found something (the JUnit report lists them). */
export interface CheckRun {
  /** The check. */
  check: CheckName;
  /** The response's source (see Exchange.source). */
  source: string;
  /** The findings of this check on this response; at most MAX_FINDINGS_KEPT are kept. */
  findings: Finding[];
  /** How many findings beyond those kept (all of them are counted in the report's groups). */
  omitted?: number;
}

/** Findings kept per response for the JUnit report; every one is still counted. */
export const MAX_FINDINGS_KEPT = 20;

/**
 * Builds the named checks from the spec. Validators compile once per call of this factory
 * (with full format checking: this is the conformance path, not the client's hot path).
 * `apiBase` is the API host a reproducing curl line may send credentials to.
 *
 * (Longer than most functions here on purpose: it is the table of the eight named checks, each a few
 * lines, sharing the validators and the declared statuses built once above them.)
 */
export function createChecks(options: { strict: boolean; apiBase?: string | undefined }) {
  const open = createSpecValidators({ formats: 'full' });
  const closed = createSpecValidators({ formats: 'full', closed: true });
  const responses = listOperation().responses as Record<string, unknown>;
  const declared = Object.keys(responses);
  const mediaTypes = (status: number): string[] => {
    const key = declared.includes(String(status))
      ? String(status)
      : status >= 400 && declared.includes('default')
        ? 'default'
        : undefined;
    if (!key) return [];
    return Object.keys(deref<{ content?: Record<string, unknown> }>(responses[key]).content ?? {});
  };

  const isListBody = (e: Exchange) => isObject(e.body) && ('conversations' in e.body || 'meta' in e.body);
  const isErrorExchange = (e: Exchange) =>
    e.status !== undefined
      ? e.status >= 400
      : isObject(e.body) && 'code' in e.body && 'message' in e.body && !isListBody(e);
  // A recorded body without a status is taken for a page unless it is an error body: `{}`, `42`
  // or `null` saved by mistake must be findings, not a silent pass.
  const isSuccess = (e: Exchange) => (e.status !== undefined ? e.status >= 200 && e.status < 300 : !isErrorExchange(e));

  const checks: Record<CheckName, Check> = {
    status_code_conformance: {
      severity: 'failure',
      run(e) {
        if (e.status === undefined) return null;
        const found = [];
        const ok = declared.includes(String(e.status)) || (declared.includes('default') && e.status >= 400);
        if (!ok)
          found.push({
            pointer: '',
            rule: 'declared status',
            expected: `one of ${declared.join(', ')} (default covers error statuses)`,
            actual: String(e.status),
          });
        if (e.expectedStatus !== undefined && e.status !== e.expectedStatus) {
          found.push({
            pointer: '',
            rule: 'expected status',
            expected: String(e.expectedStatus),
            actual: String(e.status),
          });
        }
        return found;
      },
    },

    content_type_conformance: {
      severity: 'failure',
      run(e) {
        if (e.status === undefined || e.contentType === undefined) return null;
        const allowed = mediaTypes(e.status);
        if (allowed.length === 0) return null;
        const actual = (e.contentType ?? '').split(';')[0]!.trim().toLowerCase();
        return allowed.includes(actual)
          ? []
          : [
              {
                pointer: 'Content-Type',
                rule: 'media type',
                expected: allowed.join(' or '),
                actual: e.contentType ?? '(none)',
              },
            ];
      },
    },

    response_schema_conformance: {
      severity: 'failure',
      run(e) {
        if (!isSuccess(e)) return null;
        if (e.body === undefined)
          return [{ pointer: '', rule: 'json', expected: 'a JSON body', actual: snippet(e.bodyText ?? '(empty)') }];
        // Unknown enum values are drift, reported by unknown_fields; every other violation is a failure.
        return open
          .listResponse(e.body)
          .filter((v) => v.rule !== 'enum')
          .map(fromViolation);
      },
    },

    error_body_conformance: {
      severity: 'failure',
      run(e) {
        if (!isErrorExchange(e)) return null;
        if (e.body === undefined)
          return [
            {
              pointer: '',
              rule: 'json',
              expected: "Twilio's JSON error body",
              actual: snippet(e.bodyText ?? '(empty)'),
            },
          ];
        const found = open
          .errorBody(e.body)
          .filter((v) => v.rule !== 'enum')
          .map(fromViolation);
        const bodyStatus = (e.body as { status?: unknown }).status;
        if (e.status !== undefined && typeof bodyStatus === 'number' && bodyStatus !== e.status) {
          found.push({
            pointer: '/status',
            rule: 'matches HTTP status',
            expected: String(e.status),
            actual: String(bodyStatus),
          });
        }
        return found;
      },
    },

    unknown_fields: {
      severity: 'drift',
      run(e) {
        if (!isObject(e.body)) return null;
        const error = isErrorExchange(e);
        const unknown = (error ? closed.errorBody(e.body) : closed.listResponse(e.body)).filter(
          (v) => v.rule === 'additionalProperties',
        );
        const enums = (error ? open.errorBody(e.body) : open.listResponse(e.body)).filter((v) => v.rule === 'enum');
        return [
          ...unknown.map((v) => ({
            pointer: v.pointer,
            rule: 'unknown property',
            expected: 'only properties the spec names',
            actual: snippet(JSON.stringify(v.value)),
          })),
          ...enums.map((v) => ({
            pointer: v.pointer,
            rule: 'unknown enum value',
            expected: v.expected,
            actual: snippet(JSON.stringify(v.value)),
          })),
        ];
      },
    },

    pagination_links: {
      severity: 'failure',
      run(e, previous) {
        if (!isSuccess(e) || !isObject(e.body) || !isObject(e.body.meta)) return null;
        return paginationFindings(e, previous);
      },
    },

    filter_conformance: {
      severity: 'failure',
      run(e) {
        if (!e.filter || !isObject(e.body) || !Array.isArray(e.body.conversations)) return null;
        const found = [];
        const start = e.filter.startDate ? Date.parse(e.filter.startDate) : -Infinity;
        const end = e.filter.endDate ? Date.parse(e.filter.endDate) : Infinity;
        for (const [i, c] of (e.body.conversations as Record<string, unknown>[]).entries()) {
          if (e.filter.state !== undefined && c?.state !== e.filter.state) {
            found.push({
              pointer: `/conversations/${i}/state`,
              rule: 'State filter',
              expected: e.filter.state,
              actual: JSON.stringify(c?.state),
            });
          }
          const created = typeof c?.date_created === 'string' ? Date.parse(c.date_created) : NaN;
          if ((e.filter.startDate || e.filter.endDate) && !(created >= start && created <= end)) {
            found.push({
              pointer: `/conversations/${i}/date_created`,
              rule: 'date filter',
              expected: `between ${e.filter.startDate ?? '-'} and ${e.filter.endDate ?? '-'}`,
              actual: JSON.stringify(c?.date_created),
            });
          }
        }
        return found;
      },
    },

    request_conformance: {
      severity: 'failure',
      run(e) {
        // Probes are out of contract on purpose; Prism's complaints about them are expected.
        if (e.slViolations === undefined || e.expectedStatus !== undefined) return null;
        const { violations, truncated } = parseSlViolations(e.slViolations);
        if (truncated)
          return [
            {
              pointer: '',
              rule: 'Prism request validation',
              expected: 'no request violations',
              actual: 'more violations than fit in the sl-violations header (truncated)',
            },
          ];
        return violations.map((v) => ({
          pointer: v.location.join('.'),
          rule: `Prism ${String(v.code)}`,
          expected: 'a request that follows the spec',
          actual: v.message,
        }));
      },
    },
  };

  // Only what the next page of a chain needs from its predecessor is kept (its meta.page), never a body.
  const previousOfChain = new Map<string, Exchange>();

  /** Runs the enabled checks on one exchange; `null` results (check does not apply) are left out. */
  return function check(e: Exchange, enabled: ReadonlySet<CheckName>): CheckRun[] {
    const runs: CheckRun[] = [];
    const previous = e.chain ? previousOfChain.get(e.chain.id) : undefined;
    for (const name of enabled) {
      const check = checks[name];
      const raw = check.run(e, previous);
      if (raw === null) continue;
      const severity = check.severity === 'drift' && !options.strict ? 'drift' : 'failure';
      const curl = raw.length ? curlFor(e, options.apiBase) : undefined;
      runs.push({
        check: name,
        source: e.source,
        findings: raw.map((f) => ({ ...f, check: name, severity, source: e.source, curl })),
      });
    }
    if (e.chain)
      previousOfChain.set(e.chain.id, {
        ...e,
        body: { meta: { page: (e.body as { meta?: { page?: unknown } } | undefined)?.meta?.page } },
        bodyText: undefined,
      });
    return runs;
  };
}

function fromViolation(v: Violation) {
  return {
    pointer: v.pointer,
    rule: v.rule,
    expected: v.expected,
    actual: v.rule === 'required' ? 'missing' : snippet(JSON.stringify(v.value) ?? 'undefined'),
  };
}
