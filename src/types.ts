import type { Client } from 'openapi-fetch';
import type * as Generated from '../generated/conversations';

/**
 * One conversation of a Conversations service, with the wire field names the API sends
 * (`sid`, `friendly_name`, `date_created`...), typed from the spec's `Conversation` schema.
 */
export interface Conversation extends Generated.Conversation {}

/** Paging information of one page: its own URL, the first, previous and next page URLs, its index and size. */
export interface Meta extends Generated.Meta {}

/** The openapi-fetch client for this operation, as `client.raw` exposes it. */
export type RawClient = Client<Generated.paths>;
