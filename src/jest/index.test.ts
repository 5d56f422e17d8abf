import { makeConversation, makePage } from '../../test-support/fixtures';
import { matchers } from './index';

// Importing the module registered the matchers on jest's global expect (this file runs under jest).
const ORIGIN = 'https://conversations.twilio.com';
const SID = 'IS0123456789abcdef0123456789abcdef';
const page = () =>
  makePage({
    items: [makeConversation(1, ORIGIN, SID), makeConversation(2, ORIGIN, SID)],
    page: 0,
    pageSize: 2,
    origin: ORIGIN,
    serviceSid: SID,
  });

describe('toBeValidConversationsPage', () => {
  it('passes a conforming page, through the global expect the import registered', () => {
    expect(page()).toBeValidConversationsPage();
    expect(page()).toBeValidConversationsPage({ url: `${ORIGIN}/v1/Services/${SID}/Conversations?PageSize=2` });
  });

  it('fails a broken page, listing every violation with its pointer, expected and actual', () => {
    const broken = page() as Record<string, any>;
    broken.conversations[1].friendly_name = 42;
    delete broken.meta.key;
    const result = matchers.toBeValidConversationsPage.call({}, broken);
    expect(result.pass).toBe(false);
    // Word for word what docs/conformance.md shows.
    expect(result.message()).toBe(
      [
        'expected the value to be a valid page of the list; 2 violations:',
        '  /conversations/1/friendly_name [type] expected must be string,null, got 42',
        "  /meta/key [required] expected must have required property 'key', got missing",
      ].join('\n'),
    );
    expect(() => expect(broken).toBeValidConversationsPage()).toThrow(/friendly_name/);
  });

  it('checks the links against the request URL when given one', () => {
    const result = matchers.toBeValidConversationsPage.call({}, page(), {
      url: `${ORIGIN}/v1/Services/${SID}/Conversations?PageSize=2&State=closed`,
    });
    expect(result.pass).toBe(false);
    expect(result.message()).toContain('filters kept in link');
  });

  it('tolerates unknown properties and enum values unless strict', () => {
    const drifted = page() as Record<string, any>;
    drifted.conversations[0].brand_new = true;
    drifted.conversations[0].state = 'initializing';
    expect(drifted).toBeValidConversationsPage();
    const strict = matchers.toBeValidConversationsPage.call({}, drifted, { strict: true });
    expect(strict.pass).toBe(false);
    expect(strict.message()).toContain('/conversations/0/brand_new [unknown property]');
    expect(strict.message()).toContain('/conversations/0/state [unknown enum value]');
  });

  it('never passes a body that is not a page', () => {
    for (const body of [42, null, 'hello', {}, []]) expect(body).not.toBeValidConversationsPage();
  });
});

describe('toBeValidConversation', () => {
  it('passes a conforming item and fails a broken one at its pointer', () => {
    expect(makeConversation(3)).toBeValidConversation();
    const broken = { ...makeConversation(3), sid: 'CH-nope' };
    const result = matchers.toBeValidConversation.call({}, broken);
    expect(result.pass).toBe(false);
    expect(result.message()).toContain('/sid [pattern]');
  });

  it('in strict mode, fails an unknown property and an unknown state', () => {
    const drifted = { ...makeConversation(3), extra: 1, state: 'initializing' };
    expect(drifted).toBeValidConversation();
    const result = matchers.toBeValidConversation.call({}, drifted, { strict: true });
    expect(result.pass).toBe(false);
    expect(result.message()).toMatch(/\/extra \[additionalProperties\][\s\S]*|\/state \[enum\]/);
  });

  it('says what .not expected', () => {
    expect(matchers.toBeValidConversation.call({ isNot: true }, makeConversation(1)).message()).toMatch(
      /not to be a valid Conversation/,
    );
  });
});
