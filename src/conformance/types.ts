/** The named checks. Each can be turned off. */
export const CHECK_NAMES = [
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'pagination_links',
  'error_body_conformance',
  'unknown_fields',
  'filter_conformance',
  'request_conformance',
] as const;

/** The name of one check, as `--checks` takes it. */
export type CheckName = (typeof CHECK_NAMES)[number];

/** How a reproducing curl line authenticates (always with placeholders, never real values). */
export type CurlAuth = 'credentials' | 'wrong-credentials' | 'none';

/** One observed response, with what is known about the request that produced it. */
export interface Exchange {
  /** Where it came from, for people: `page 3 of the full listing`, `recorded/page-1.json`, `site.har entry 12`. */
  source: string;
  /** The request's HTTP method (`GET`). */
  method: string;
  /** Request URL (never holds credentials). Undefined for a bare recorded body. */
  url: string | undefined;
  /** HTTP status; undefined for a bare recorded body. */
  status: number | undefined;
  /** Content-Type header; undefined when not recorded. */
  contentType: string | null | undefined;
  /** The parsed JSON body, or undefined when the body was empty or not JSON. */
  body: unknown;
  /** The raw body when it was not JSON. */
  bodyText?: string | undefined;
  /** Prism's `sl-violations` header, when present. */
  slViolations?: string | null | undefined;
  /** Pages of one listing share a chain id and are numbered in order. */
  chain?:
    | {
        /** Shared by the pages of one listing. */
        id: string;
        /** 0 for the first page of the listing. */
        index: number;
      }
    | undefined;
  /** The status this request was meant to get (probes), checked by status_code_conformance. */
  expectedStatus?: number | undefined;
  /** The filters this request asked for, checked item by item by filter_conformance. */
  filter?:
    | {
        /** The State asked for. */
        state?: string;
        /** The StartDate asked for (`YYYY-MM-DD`). */
        startDate?: string;
        /** The EndDate asked for (`YYYY-MM-DD`). */
        endDate?: string;
      }
    | undefined;
  /** How the reproducing curl line authenticates. Default `credentials`. */
  curlAuth?: CurlAuth;
  /** Non-secret request headers needed to reproduce it (e.g. Prism's Prefer). */
  curlHeaders?: Record<string, string> | undefined;
}

/** One place where an exchange breaks the contract. */
export interface Finding {
  /** The check that found it. */
  check: CheckName;
  /** `failure` fails the run; `drift` (unknown fields, new enum values) is reported but fails only in strict mode. */
  severity: 'failure' | 'drift';
  /** JSON pointer into the body ('' for the body itself, or a header name for header checks). */
  pointer: string;
  /** The rule broken (a JSON Schema keyword, or the check's own rule such as `next_page_url`). */
  rule: string;
  /** What the contract wanted, in words. */
  expected: string;
  /** What was there, quoted and cut to a readable length. */
  actual: string;
  /** The exchange's source (see Exchange.source). */
  source: string;
  /** A curl command that asks for the same response, with credentials as placeholders. */
  curl: string | undefined;
}
