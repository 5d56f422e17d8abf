import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spec } from '../schema/spec';
import { diffSpecs, type Change } from '.';

// The differ's policy, one row per kind of change and level: each row is a one-rule edit of our
// spec, and docs/spec-diff-policy.md lists the same rows (checked below), so the table a maintainer
// reads is the one the differ follows.
type Doc = Record<string, any>;
const P = '/v1/Services/{ChatServiceSid}/Conversations';
const op = (d: Doc) => d.paths[P].get;
const params = (d: Doc) => d.components.parameters;
const schemas = (d: Doc) => d.components.schemas;
type Row = [kind: string, level: Change['severity'], edit: (before: Doc, after: Doc) => void];

const ROWS: Row[] = [
  ['operation.removed', 'breaking', (_b, a) => delete a.paths[P]],
  [
    'operation.moved',
    'breaking',
    (_b, a) => {
      a.paths['/v2/Services/{ChatServiceSid}/Conversations'] = a.paths[P];
      delete a.paths[P];
    },
  ],
  ['operation.added', 'safe', (b) => delete b.paths[P]],
  [
    'parameter.renamed',
    'safe',
    (_b, a) => {
      a.paths['/v1/Services/{ServiceSid}/Conversations'] = a.paths[P];
      delete a.paths[P];
      params(a).ChatServiceSid.name = 'ServiceSid';
    },
  ],
  ['operation.id', 'warning', (_b, a) => (op(a).operationId = 'listConversations')],
  ['operation.deprecated', 'safe', (_b, a) => (op(a).deprecated = true)],
  [
    'operation.security',
    'breaking',
    (_b, a) => {
      a.components.securitySchemes.bearer = { type: 'http', scheme: 'bearer' };
      a.security = [{ bearer: [] }];
    },
  ],
  [
    'operation.security',
    'safe',
    (_b, a) => {
      a.components.securitySchemes.bearer = { type: 'http', scheme: 'bearer' };
      a.security = [{ accountSid_authToken: [] }, { bearer: [] }];
    },
  ],
  [
    'operation.security',
    'breaking',
    (_b, a) => {
      a.components.securitySchemes.key = { type: 'apiKey', in: 'header', name: 'X-Key' };
      a.security = [{ accountSid_authToken: [], key: [] }];
    },
  ],
  ['operation.security', 'safe', (_b, a) => (a.security = [{}])],
  [
    'parameter.added',
    'breaking',
    (_b, a) => op(a).parameters.push({ name: 'Channel', in: 'query', required: true, schema: { type: 'string' } }),
  ],
  [
    'parameter.added',
    'safe',
    (_b, a) => op(a).parameters.push({ name: 'Channel', in: 'query', schema: { type: 'string' } }),
  ],
  [
    'parameter.removed',
    'breaking',
    (_b, a) => (op(a).parameters = op(a).parameters.filter((p: Doc) => p.$ref !== '#/components/parameters/State')),
  ],
  ['parameter.required', 'breaking', (_b, a) => (params(a).PageToken.required = true)],
  ['parameter.default', 'breaking', (_b, a) => (params(a).PageSize.schema.default = 100)],
  ['parameter.encoding', 'breaking', (_b, a) => (params(a).State.explode = false)],
  ['parameter.deprecated', 'safe', (_b, a) => (params(a).PageToken.deprecated = true)],
  ['schema.maximum', 'breaking', (_b, a) => (params(a).PageSize.schema.maximum = 100)],
  ['schema.maximum', 'safe', (_b, a) => (params(a).PageSize.schema.maximum = 5000)],
  ['schema.multipleOf', 'breaking', (_b, a) => (params(a).PageSize.schema.multipleOf = 10)],
  ['schema.pattern', 'breaking', (_b, a) => (params(a).ChatServiceSid.schema.pattern = '^IS[0-9a-f]{32}$')],
  ['schema.type', 'safe', (_b, a) => (params(a).PageSize.schema.type = 'number')],
  ['schema.enum.removed', 'breaking', (_b, a) => schemas(a).ConversationState.enum.pop()],
  ['schema.enum.added', 'warning', (_b, a) => schemas(a).ConversationState.enum.push('initializing')],
  ['schema.type', 'breaking', (_b, a) => (schemas(a).Meta.properties.page.type = 'number')],
  ['schema.minimum', 'breaking', (_b, a) => (schemas(a).Meta.properties.page.minimum = -1)],
  ['schema.format', 'breaking', (_b, a) => delete schemas(a).Conversation.properties.date_created.format],
  ['schema.property.removed', 'warning', (_b, a) => delete schemas(a).Conversation.properties.bindings],
  [
    'schema.property.removed',
    'breaking',
    (_b, a) => {
      delete schemas(a).Conversation.properties.url;
    },
  ],
  [
    'schema.required.removed',
    'breaking',
    (_b, a) => (schemas(a).Conversation.required = schemas(a).Conversation.required.filter((n: string) => n !== 'url')),
  ],
  ['schema.nullable', 'breaking', (_b, a) => (schemas(a).Meta.properties.page.type = ['integer', 'null'])],
  ['response.removed', 'breaking', (_b, a) => delete op(a).responses['200']],
  ['response.removed', 'warning', (_b, a) => delete op(a).responses['429']],
  ['response.added', 'safe', (b) => delete op(b).responses['429']],
  [
    'response.media-type.removed',
    'breaking',
    (_b, a) => {
      const bad = a.components.responses.BadRequest;
      bad.content = { 'application/problem+json': bad.content['application/json'] };
    },
  ],
  ['response.header.removed', 'warning', (_b, a) => delete op(a).responses['200'].headers],
  ['response.header.required', 'breaking', (b) => (b.components.headers.TwilioRequestId.required = true)],
  ['schema.pattern', 'breaking', (_b, a) => delete a.components.headers.TwilioRequestId.schema.pattern],
  [
    'schema.not-compared',
    'warning',
    (_b, a) =>
      (schemas(a).Conversation.properties.attributes = {
        oneOf: [{ type: 'string' }, { type: 'object', properties: { k: { type: 'string' } } }],
        discriminator: { propertyName: 'k' },
      }),
  ],
];

describe.each(ROWS.map(([kind, level, edit], i) => [`${kind} (${level})`, kind, level, edit, i] as const))(
  '%s',
  (_title, kind, level, edit) => {
    it('is classified as the policy says, from a one-rule edit', () => {
      const before = structuredClone(spec) as Doc;
      const after = structuredClone(spec) as Doc;
      edit(before, after);
      const changes = diffSpecs(before, after);
      expect(changes.filter((c) => c.kind === kind).map((c) => c.severity)).toContain(level);
    });
  },
);

it('a union, intersection or discriminator left as it was is no change; changed inside, it is reported, never a crash', () => {
  const union = () => ({
    anyOf: [
      { type: 'object', properties: { a: { type: 'string' } } },
      { type: 'object', properties: { b: { $ref: '#/components/schemas/Meta' } } },
    ],
  });
  const before = structuredClone(spec) as Doc;
  schemas(before).Conversation.properties.attributes = union();
  const same = structuredClone(before);
  expect(diffSpecs(before, same)).toEqual([]);
  // A change behind a reference inside the union is still seen.
  const after = structuredClone(before);
  schemas(after).Meta.properties.page.minimum = -5;
  const ids = diffSpecs(before, after).map((c) => `${c.severity} ${c.id}`);
  expect(ids).toContain('warning schema.not-compared response 200 application/json /conversations/*/attributes');
  // A schema that contains itself, changed: reported, not a crash.
  const cyclic = structuredClone(spec) as Doc;
  schemas(cyclic).Node = { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } };
  schemas(cyclic).Conversation.properties.attributes = { $ref: '#/components/schemas/Node' };
  const cyclic2 = structuredClone(cyclic);
  schemas(cyclic2).Node.properties.next = { anyOf: [{ $ref: '#/components/schemas/Node' }, { type: 'string' }] };
  expect(() => diffSpecs(cyclic, cyclic2)).not.toThrow();
  expect(diffSpecs(cyclic, cyclic2).map((c) => c.kind)).toContain('schema.not-compared');
});

it('docs/spec-diff-policy.md lists exactly these kinds and levels', () => {
  const doc = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'spec-diff-policy.md'), 'utf8');
  const documented = [...doc.matchAll(/^\| `([A-Za-z.-]+)` \| (breaking|warning|safe) \|/gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
  expect([...new Set(documented)].sort()).toEqual([...new Set(ROWS.map(([k, l]) => `${k} ${l}`))].sort());
});
