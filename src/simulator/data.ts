import type { Conversation } from '../client/types';
import { deref, listPath, spec } from '../schema/spec';
import { createRandom, type Random } from './random';

type Schema = { type?: string | string[]; anyOf?: unknown[]; properties?: Record<string, unknown>; enum?: unknown[] };

// What the spec says about a Conversation: its properties in order, which may be null, and the states.
const conversationSchema = spec.components.schemas.Conversation as unknown as Schema & {
  properties: Record<string, unknown>;
};
const PROPERTIES = Object.keys(conversationSchema.properties);
const STATES = (deref<Schema>(spec.components.schemas.ConversationState).enum ?? []) as string[];
const NULLABLE = new Set(
  PROPERTIES.filter((name) => {
    const s = deref<Schema>(conversationSchema.properties[name]);
    const types = Array.isArray(s.type) ? s.type : [s.type];
    return types.includes('null') || (s.anyOf ?? []).some((b) => deref<Schema>(b).type === 'null');
  }),
);

// Names people give conversations: accents, scripts other than Latin, emoji, and the punctuation
// that breaks naive CSV and table writers.
const NAMES = [
  'Kitchen renovation - site visit',
  'Café Ünïcødé',
  '東京オフィス',
  'Служба поддержки',
  'عميل جديد',
  'Order #88213',
  'Smith, "Jo" & co',
  'Support 🎧',
  'Quote: "roof, gutters"',
  'Ærøskøbing ferry',
];
const DAY = 86_400_000;
const START = Date.UTC(2025, 5, 1); // dates spread over the year that follows

export interface GenerateOptions {
  count: number;
  seed: number;
  accountSid: string;
  serviceSid: string;
  /** Origin of the `url` and `links` in each conversation (the simulator's own). */
  origin: string;
}

/**
 * N conversations derived from the spec's Conversation schema: every property the spec lists, in
 * its order; every state of the spec's enum; nulls where the spec allows them and real data has
 * them (names, timers, bindings); each form of `timers` ({}, both dates, one date and a null, null);
 * Unicode names; creation dates spread over twelve months. The same seed gives the same data.
 */
export function generateConversations(options: GenerateOptions): Conversation[] {
  const random = createRandom(options.seed);
  const seen = new Set<string>();
  const out: Conversation[] = [];
  for (let i = 0; i < options.count; i++) {
    let sid: string;
    do sid = `CH${random.hex(32)}`;
    while (seen.has(sid));
    seen.add(sid);
    out.push(conversation(sid, random, options));
  }
  return out;
}

function conversation(sid: string, random: Random, options: GenerateOptions): Conversation {
  const created = START + random.int(0, 364) * DAY + random.int(0, DAY / 1000 - 1) * 1000;
  const updated = created + (random.chance(0.5) ? 0 : random.int(1, 30 * 24 * 3600) * 1000);
  const url = `${options.origin}${listPath(options.serviceSid)}/${sid}`;
  const maybeNull = <T>(name: string, p: number, value: () => T): T | null =>
    NULLABLE.has(name) && random.chance(p) ? null : value();
  const values: Record<string, () => unknown> = {
    account_sid: () => options.accountSid,
    attributes: () =>
      random.chance(0.7)
        ? '{}'
        : JSON.stringify({ topic: random.pick(['quote', 'support', 'billing']), priority: random.int(1, 3) }),
    chat_service_sid: () => options.serviceSid,
    date_created: () => iso(created),
    date_updated: () => iso(updated),
    friendly_name: () => maybeNull('friendly_name', 0.2, () => random.pick(NAMES)),
    messaging_service_sid: () => maybeNull('messaging_service_sid', 0.05, () => `MG${random.hex(32)}`),
    sid: () => sid,
    state: () => random.pick(STATES),
    timers: () => timers(random, updated),
    unique_name: () => maybeNull('unique_name', 0.6, () => `conv-${random.hex(8)}`),
    url: () => url,
    links: () => ({
      participants: `${url}/Participants`,
      messages: `${url}/Messages`,
      webhooks: `${url}/Webhooks`,
      export: `${url}/Export`,
    }),
    bindings: () => random.pick([undefined, {}, null]),
  };
  const item: Record<string, unknown> = {};
  for (const name of PROPERTIES) {
    const value = values[name] ? values[name]() : null;
    if (value !== undefined) item[name] = value;
  }
  return item as unknown as Conversation;
}

// Every form timers take in real answers: none set, both set, one set and the other null, or null.
function timers(random: Random, from: number): Record<string, string | null> | null {
  const later = (days: number) => iso(from + days * DAY);
  switch (random.int(0, 3)) {
    case 0:
      return {};
    case 1:
      return { date_inactive: later(random.int(1, 30)), date_closed: later(random.int(31, 90)) };
    case 2:
      return { date_inactive: later(random.int(1, 30)), date_closed: null };
    default:
      return null;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
