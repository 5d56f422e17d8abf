import { spec } from '../schema/spec';
import { diffSpecs, type Change } from '.';

// Spec pairs: each test changes a copy of our spec the way a maintainer (or upstream) did,
// and checks how the change is classified for clients.
type Doc = Record<string, any>;
const clone = (): Doc => structuredClone(spec);
const op = (doc: Doc) => doc.paths['/v1/Services/{ChatServiceSid}/Conversations'].get;
const summary = (changes: Change[]) => changes.map((c) => `${c.severity} ${c.id}`);

function changed(edit: (doc: Doc) => void, base: Doc = clone()): Change[] {
  const after = structuredClone(base);
  edit(after);
  return diffSpecs(base, after);
}

/** Our spec written the OpenAPI 3.0 way: `nullable: true` instead of null types, allOf + nullable instead of anyOf with null. */
function to30(doc: Doc): Doc {
  const walk = (node: any): any => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: any = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    if (Array.isArray(out.type) && out.type.includes('null')) {
      const rest = out.type.filter((t: string) => t !== 'null');
      out.type = rest.length === 1 ? rest[0] : rest;
      out.nullable = true;
    }
    if (Array.isArray(out.anyOf) && out.anyOf.some((b: any) => b.type === 'null')) {
      out.allOf = out.anyOf.filter((b: any) => b.type !== 'null');
      delete out.anyOf;
      out.nullable = true;
    }
    return out;
  };
  return { ...walk(doc), openapi: '3.0.3' };
}

describe('spec diff', () => {
  it('finds nothing between a spec and itself', () => {
    expect(diffSpecs(clone(), clone())).toEqual([]);
  });

  it('finds nothing between our 3.1 spec and the same spec written as OpenAPI 3.0 (nullable)', () => {
    expect(diffSpecs(clone(), to30(clone()))).toEqual([]);
    expect(diffSpecs(to30(clone()), clone())).toEqual([]);
  });

  it('ignores prose: descriptions, summaries and examples', () => {
    expect(
      changed((d) => {
        d.components.parameters.PageSize.description = 'different words';
        op(d).summary = 'another summary';
        d.components.schemas.Conversation.properties.sid.description = 'x';
        delete op(d).responses['200'];
        op(d).responses['200'] = structuredClone(
          spec.paths['/v1/Services/{ChatServiceSid}/Conversations'].get.responses['200'],
        );
        op(d).responses['200'].content['application/json'].examples = {};
      }),
    ).toEqual([]);
  });

  describe('real changes this operation has had upstream', () => {
    it('Page and PageToken being added is safe (optional parameters)', () => {
      const before = clone();
      op(before).parameters = op(before).parameters.filter(
        (p: { $ref: string }) => !/\/(Page|PageToken)$/.test(p.$ref),
      );
      expect(summary(diffSpecs(before, clone()))).toEqual([
        'safe parameter.added query Page',
        'safe parameter.added query PageToken',
      ]);
    });

    it('the PageSize maximum going from 1000 to 100 is breaking', () => {
      const changes = changed((d) => (d.components.parameters.PageSize.schema.maximum = 100));
      expect(summary(changes)).toEqual(['breaking schema.maximum query PageSize']);
      expect(changes[0]).toMatchObject({ before: 1000, after: 100 });
      expect(changes[0]!.message).toContain('narrowed');
    });

    it('"initializing" added to the state enum is safe to send but a warning to receive', () => {
      const changes = changed((d) => d.components.schemas.ConversationState.enum.push('initializing'));
      expect(summary(changes)).toEqual([
        'warning schema.enum.added response 200 application/json /conversations/*/state "initializing"',
        'safe schema.enum.added query State "initializing"',
      ]);
    });
  });

  describe('parameters (what clients send)', () => {
    it('a new required parameter is breaking; a new optional one is safe', () => {
      const add = (required: boolean) => (d: Doc) =>
        op(d).parameters.push({ name: 'Channel', in: 'query', required, schema: { type: 'string' } });
      expect(summary(changed(add(true)))).toEqual(['breaking parameter.added query Channel']);
      expect(summary(changed(add(false)))).toEqual(['safe parameter.added query Channel']);
    });

    it('a removed parameter is breaking', () => {
      expect(
        summary(
          changed(
            (d) => (op(d).parameters = op(d).parameters.filter((p: { $ref: string }) => !p.$ref.endsWith('/State'))),
          ),
        ),
      ).toEqual(['breaking parameter.removed query State']);
    });

    it('a parameter becoming required is breaking; becoming optional is safe', () => {
      const required = changed((d) => (d.components.parameters.PageToken.required = true));
      expect(summary(required)).toEqual(['breaking parameter.required query PageToken']);
      const base = clone();
      base.components.parameters.PageToken.required = true;
      expect(summary(changed((d) => (d.components.parameters.PageToken.required = false), base))).toEqual([
        'safe parameter.required query PageToken',
      ]);
    });

    it.each([
      [
        'a higher minimum',
        (d: Doc) => (d.components.parameters.PageSize.schema.minimum = 5),
        'breaking schema.minimum query PageSize',
      ],
      [
        'a lower minimum',
        (d: Doc) => (d.components.parameters.Page.schema.minimum = -1),
        'safe schema.minimum query Page',
      ],
      [
        'a higher maximum',
        (d: Doc) => (d.components.parameters.PageSize.schema.maximum = 5000),
        'safe schema.maximum query PageSize',
      ],
      [
        'a changed pattern',
        (d: Doc) => (d.components.parameters.ChatServiceSid.schema.pattern = '^IS[0-9a-f]{32}$'),
        'breaking schema.pattern path ChatServiceSid',
      ],
      [
        'a dropped pattern',
        (d: Doc) => delete d.components.parameters.ChatServiceSid.schema.pattern,
        'safe schema.pattern path ChatServiceSid',
      ],
      [
        'a new format',
        (d: Doc) => (d.components.parameters.PageToken.schema.format = 'uuid'),
        'breaking schema.format query PageToken',
      ],
      [
        'a removed enum value',
        (d: Doc) => d.components.schemas.ConversationState.enum.pop(),
        'breaking schema.enum.removed query State "closed"',
      ],
      [
        'a type change',
        (d: Doc) => (d.components.parameters.Page.schema.type = 'string'),
        'breaking schema.type query Page',
      ],
      [
        'a longer maxLength',
        (d: Doc) => (d.components.parameters.ChatServiceSid.schema.maxLength = 40),
        'safe schema.maxLength path ChatServiceSid',
      ],
    ])('%s is classified as expected', (_what, edit, expected) => {
      expect(summary(changed(edit)).filter((c) => !c.includes('/conversations/'))).toEqual([expected]);
    });
  });

  describe('responses (what clients receive)', () => {
    const props = (d: Doc) => d.components.schemas.Conversation.properties;
    it.each([
      [
        'a removed optional property (no correct client relied on it)',
        (d: Doc) => delete props(d).bindings,
        'warning schema.property.removed response 200 application/json /conversations/*/bindings',
      ],
      [
        'an added property',
        (d: Doc) => (props(d).topic = { type: 'string' }),
        'safe schema.property.added response 200 application/json /conversations/*/topic',
      ],
      [
        'a type change',
        (d: Doc) => (d.components.schemas.Meta.properties.page.type = 'string'),
        'breaking schema.type response 200 application/json /meta/page',
      ],
      [
        'a field becoming nullable',
        (d: Doc) => (d.components.schemas.Meta.properties.key.type = ['string', 'null']),
        'breaking schema.nullable response 200 application/json /meta/key',
      ],
      [
        'a field that can no longer be null',
        (d: Doc) => (props(d).sid.type = 'string'),
        'safe schema.nullable response 200 application/json /conversations/*/sid',
      ],
      [
        'a property no longer required',
        (d: Doc) =>
          (d.components.schemas.Meta.required = d.components.schemas.Meta.required.filter((n: string) => n !== 'key')),
        'breaking schema.required.removed response 200 application/json /meta/key',
      ],
      [
        'a removed enum value',
        (d: Doc) => d.components.schemas.ConversationState.enum.pop(),
        'safe schema.enum.removed response 200 application/json /conversations/*/state "closed"',
      ],
      [
        'a looser pattern',
        (d: Doc) => (props(d).sid.pattern = '^CH'),
        'warning schema.pattern response 200 application/json /conversations/*/sid',
      ],
      ['a removed error response', (d: Doc) => delete op(d).responses['429'], 'warning response.removed response 429'],
      [
        'a removed response header',
        (d: Doc) => delete op(d).responses['200'].headers,
        'warning response.header.removed response 200 header twilio-request-id',
      ],
      ['a new operationId', (d: Doc) => (op(d).operationId = 'listConversations'), 'warning operation.id operation'],
    ])('%s is classified as expected', (_what, edit, expected) => {
      expect(summary(changed(edit)).filter((c) => !c.includes(' query '))).toEqual([expected]);
    });
  });

  it('sorts breaking changes first and gives each a stable id and a readable message', () => {
    const changes = changed((d) => {
      d.components.parameters.PageSize.schema.maximum = 100;
      d.components.schemas.Conversation.properties.topic = { type: 'string' };
    });
    expect(changes.map((c) => c.severity)).toEqual(['breaking', 'safe']);
    expect(changes[0]!.message).toBe('query PageSize: maximum 1000 -> 100 (narrowed)');
  });
});
