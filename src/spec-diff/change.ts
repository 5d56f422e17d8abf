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

/** Records one change. */
export type Add = (
  severity: Severity,
  kind: string,
  where: string,
  message: string,
  before?: unknown,
  after?: unknown,
) => void;
