import { PaginationError } from './errors';
import { nextPageQuery } from './paginate';

const sid = 'ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const base = 'http://127.0.0.1:4010';

describe('nextPageQuery', () => {
  it('keeps the query string byte for byte', () => {
    const q = 'PageSize=50&Page=1&PageToken=PA+b:c=d%2Be%3A';
    expect(nextPageQuery(`https://conversations.twilio.com/v1/Services/${sid}/Conversations?${q}`, base, sid)).toBe(q);
  });

  it('takes only path and query from a link on another host', () => {
    expect(nextPageQuery(`https://evil.example/v1/Services/${sid}/Conversations?Page=1`, base, sid)).toBe('Page=1');
  });

  it('accepts a link that carries the base URL path prefix', () => {
    expect(
      nextPageQuery(`http://127.0.0.1:4010/proxy/v1/Services/${sid}/Conversations?Page=2`, `${base}/proxy`, sid),
    ).toBe('Page=2');
  });

  it('drops a fragment', () => {
    expect(nextPageQuery(`${base}/v1/Services/${sid}/Conversations?Page=1#x`, base, sid)).toBe('Page=1');
  });

  it.each([
    ['another service', `${base}/v1/Services/IS00000000000000000000000000000000/Conversations?Page=1`],
    ['another resource', `${base}/v1/Services/${sid}/Conversations/CH00000000000000000000000000000000`],
    ['a path that climbs out', `${base}/v1/Services/${sid}/../../Conversations?Page=1`],
    ['not a URL', 'http://['],
  ])('refuses a next link to %s', (_what, link) => {
    expect(() => nextPageQuery(link, base, sid)).toThrow(PaginationError);
  });
});
