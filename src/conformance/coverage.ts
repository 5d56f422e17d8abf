import { deref, listOperation, listParameters } from '../schema/spec';
import { printable } from '../text/printable';
import type { Exchange } from './types';

/**
 * What checked traffic exercised of the contract, and what it never did: the answer to "which
 * recordings should we add?". Every goal is read from the spec, so a new property, enum value or
 * documented status becomes a goal without a change here.
 */
export interface Coverage {
  /** Goals met, out of `total`, and the share as a whole percent (rounded down: 99.6% is not 100%). */
  covered: number;
  /** Goals in all. */
  total: number;
  /** covered / total as a whole percent, rounded down. */
  percent: number;
  /** Documented statuses (not `default`) and how many responses had each; other statuses seen are listed too. */
  statuses: Record<string, number>;
  /** Each response property (`meta.next_page_url`, `conversations[].timers.date_closed`): how often present, null, not null. */
  properties: PropertyCoverage[];
  /** Each enum value the spec lists, with how often it was seen, and values seen that it does not list. */
  enums: {
    /** The property (`conversations[].state`). */
    path: string;
    /** Each listed value and how often it was seen. */
    values: Record<string, number>;
    /** Values seen that the spec does not list, and how often. */
    unknown: Record<string, number>;
  }[];
  /** Pages that had a next link, and pages that were the last (next_page_url null). */
  pages: {
    /** Pages whose next_page_url was a link. */
    withNextLink: number;
    /** Pages whose next_page_url was null. */
    lastPage: number;
  };
  /** How many requests used each filter (query parameters other than Page and PageToken). */
  filters: Record<string, number>;
  /** One line per goal never met, in plain words: `conversations[].state: closed never seen`, `no 429 seen`. */
  missing: string[];
  /** Present when a threshold was asked for. */
  threshold?: {
    /** The percent asked for. */
    percent: number;
    /** Whether `percent` above reached it. */
    met: boolean;
  };
}

/** How often one response property was seen. */
export interface PropertyCoverage {
  /** The property, `[]` marking each item of an array (`conversations[].timers.date_closed`). */
  path: string;
  /** Whether the spec allows null here (then both null and not null are goals). */
  nullable: boolean;
  /** Responses in which it was present. */
  present: number;
  /** ...and null. */
  null: number;
  /** ...and not null. */
  nonNull: number;
}

type Schema = {
  type?: string | string[];
  anyOf?: unknown[];
  oneOf?: unknown[];
  properties?: Record<string, unknown>;
  items?: unknown;
  enum?: unknown[];
};

interface PropertyGoal {
  path: string;
  /** Where to find the value from the page body: names, with `[]` for "each item of this array". */
  steps: string[];
  nullable: boolean;
  enumValues: string[];
}

interface Goals {
  statuses: string[];
  properties: PropertyGoal[];
  filters: string[];
}

let goals: Goals | undefined;

/** The goals of the operation, read from the spec once. */
function contractGoals(): Goals {
  if (goals) return goals;
  const responses = listOperation().responses as Record<string, unknown>;
  const page = deref<{ content: Record<string, { schema: unknown }> }>(responses['200']);
  const properties: PropertyGoal[] = [];
  walk(page.content['application/json']!.schema, [], properties, 0);
  const filters = [...listParameters().values()]
    .filter((p) => p.in === 'query' && p.name !== 'Page' && p.name !== 'PageToken')
    .map((p) => p.name);
  return (goals = { statuses: Object.keys(responses).filter((s) => /^\d{3}$/.test(s)), properties, filters });
}

/** The branches of a schema (anyOf/oneOf) with references resolved, the schema itself when it has none. */
function branches(node: unknown): Schema[] {
  const schema = deref<Schema>(node);
  const alternatives = schema.anyOf ?? schema.oneOf;
  return alternatives ? alternatives.flatMap(branches) : [schema];
}

const typesOf = (s: Schema) => (Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type]);

function walk(node: unknown, steps: string[], out: PropertyGoal[], depth: number): void {
  if (depth > 4) return;
  for (const schema of branches(node)) {
    if (schema.items !== undefined) walk(schema.items, [...steps, '[]'], out, depth + 1);
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      const childBranches = branches(child);
      const path = [...steps, name].join('.').replace(/\.\[\]/g, '[]');
      out.push({
        path,
        steps: [...steps, name],
        nullable: childBranches.some((b) => typesOf(b).includes('null')),
        enumValues: childBranches.flatMap((b) => (b.enum ?? []).filter((v): v is string => typeof v === 'string')),
      });
      walk(child, [...steps, name], out, depth + 1);
    }
  }
}

/** Counts what each exchange exercises; keeps counters only, so memory does not grow with the traffic. */
export function createCoverage() {
  const { statuses, properties, filters } = contractGoals();
  const statusCount = new Map<string, number>(statuses.map((s) => [s, 0]));
  const props = properties.map((goal) => ({
    goal,
    counts: { present: 0, null: 0, nonNull: 0 },
    values: new Map(goal.enumValues.map((v) => [v, 0])),
    unknown: new Map<string, number>(),
  }));
  const filterCount = new Map(filters.map((f) => [f, 0]));
  const pages = { withNextLink: 0, lastPage: 0 };

  // Follows a goal's steps from `at` on; recursion is only as deep as the schema, and nothing is
  // allocated per item (a page holds up to 1,000).
  const visit = (value: unknown, prop: (typeof props)[number], at: number): void => {
    const steps = prop.goal.steps;
    if (at === steps.length) {
      prop.counts.present++;
      if (value === null) return void prop.counts.null++;
      prop.counts.nonNull++;
      if (prop.goal.enumValues.length && typeof value === 'string') {
        const known = prop.values.get(value);
        if (known !== undefined) prop.values.set(value, known + 1);
        else prop.unknown.set(value, (prop.unknown.get(value) ?? 0) + 1);
      }
      return;
    }
    const step = steps[at]!;
    if (step === '[]') {
      if (Array.isArray(value)) for (const item of value) visit(item, prop, at + 1);
      return;
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, step))
      visit((value as Record<string, unknown>)[step], prop, at + 1);
  };

  return {
    add(exchange: Exchange): void {
      const body = exchange.body as { conversations?: unknown; meta?: { next_page_url?: unknown } } | undefined;
      const isPage = body !== null && typeof body === 'object' && Array.isArray(body.conversations);
      // A bare recorded page has no status; it was a 200 to have been saved as one.
      const status = exchange.status ?? (isPage ? 200 : undefined);
      if (status !== undefined) statusCount.set(String(status), (statusCount.get(String(status)) ?? 0) + 1);
      if (exchange.url !== undefined) {
        try {
          const query = new URL(exchange.url).searchParams;
          for (const f of filters) if (query.has(f)) filterCount.set(f, filterCount.get(f)! + 1);
        } catch {
          // Not a URL: no filter to count.
        }
      }
      if (!isPage || (status !== undefined && (status < 200 || status > 299))) return;
      for (const prop of props) visit(body, prop, 0);
      const next = body.meta?.next_page_url;
      if (typeof next === 'string' && next !== '') pages.withNextLink++;
      else if (next === null) pages.lastPage++;
    },

    build(threshold?: number): Coverage {
      const missing: string[] = [];
      let total = 0;
      let met = 0;
      // Each goal counts once; a property never present stands for its other goals in one line.
      const goal = (ok: boolean, line: string) => {
        total++;
        if (ok) met++;
        else missing.push(line);
      };
      for (const s of statuses) goal(statusCount.get(s)! > 0, `no ${s} seen`);
      for (const { goal: g, counts, values } of props) {
        const others = (g.nullable ? 2 : 0) + values.size;
        if (counts.present === 0) {
          goal(false, `${g.path}: never present`);
          total += others;
          continue;
        }
        goal(true, '');
        if (g.nullable) {
          goal(counts.null > 0, `${g.path}: never null`);
          goal(counts.nonNull > 0, `${g.path}: never had a value (always null)`);
        }
        for (const [v, n] of values) goal(n > 0, `${g.path}: ${v} never seen`);
      }
      goal(pages.withNextLink > 0, 'no page with a next link seen (pagination never followed)');
      goal(pages.lastPage > 0, 'no last page seen (next_page_url null)');
      for (const f of filters) goal(filterCount.get(f)! > 0, `filter ${f} never used`);
      const covered = met;
      const percent = total === 0 ? 100 : Math.floor((covered * 100) / total);
      return {
        covered,
        total,
        percent,
        statuses: Object.fromEntries(statusCount),
        properties: props.map(({ goal: g, counts }) => ({ path: g.path, nullable: g.nullable, ...counts })),
        enums: props
          .filter((p) => p.goal.enumValues.length)
          .map((p) => ({
            path: p.goal.path,
            values: Object.fromEntries(p.values),
            unknown: Object.fromEntries(p.unknown),
          })),
        pages: { ...pages },
        filters: Object.fromEntries(filterCount),
        missing,
        ...(threshold !== undefined ? { threshold: { percent: threshold, met: percent >= threshold } } : {}),
      };
    },
  };
}

/** The coverage for people: the share, then every goal never met. */
export function formatCoverage(coverage: Coverage): string {
  const lines = [`Coverage of the contract: ${coverage.covered} of ${coverage.total} goals (${coverage.percent}%)`];
  const seen = Object.entries(coverage.statuses)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} x${n}`);
  lines.push(`  statuses seen: ${seen.length ? seen.join(', ') : 'none'}`);
  lines.push(
    `  pages: ${coverage.pages.withNextLink} with a next link, ${coverage.pages.lastPage} last page${coverage.pages.lastPage === 1 ? '' : 's'}`,
  );
  const used = Object.entries(coverage.filters).map(([f, n]) => `${f} x${n}`);
  lines.push(`  filters used: ${used.join(', ')}`);
  for (const e of coverage.enums) {
    const unknown = Object.keys(e.unknown);
    if (unknown.length) lines.push(`  ${e.path}: values the spec does not list: ${unknown.map(printable).join(', ')}`);
  }
  if (coverage.missing.length) lines.push('  never seen:', ...coverage.missing.map((m) => `    ${m}`));
  if (coverage.threshold)
    lines.push(
      coverage.threshold.met
        ? `  threshold ${coverage.threshold.percent}% met`
        : `  below the threshold: ${coverage.percent}% < ${coverage.threshold.percent}%`,
    );
  return lines.join('\n');
}
