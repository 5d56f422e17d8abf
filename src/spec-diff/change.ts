/** How a change affects clients built against the older version. */
export type Severity = 'breaking' | 'warning' | 'safe';

/** One difference between two versions of the operation, as data. */
export interface Change {
  /** Stable identity: `kind` and `where` together (what an acknowledgement names). */
  id: string;
  severity: Severity;
  kind: string;
  /** Where: `query PageSize`, `response 200 application/json /conversations/*\/state`. */
  where: string;
  before?: unknown;
  after?: unknown;
  message: string;
}

/** What clients do with a schema: send it (a parameter) or read it (a response). */
export type Direction = 'request' | 'response';

/** A change as data: its id is its kind and place. */
export function changeOf(
  severity: Severity,
  kind: string,
  where: string,
  message: string,
  before?: unknown,
  after?: unknown,
): Change {
  return {
    id: `${kind} ${where}`,
    severity,
    kind,
    where,
    message,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  };
}

/** Sort order of severities: breaking first. */
export function rank(s: Severity): number {
  return s === 'breaking' ? 0 : s === 'warning' ? 1 : 2;
}

/** Records one change, given as `changeOf` takes it. */
export type Add = (...change: Parameters<typeof changeOf>) => void;
