import { RequestValidationError } from './errors';
import { iterateItems } from './items';

/** Pages from an array, recording how many were pulled and whether the listing was closed. */
function pagesOf(pages: (number[] | Error)[]) {
  const log = { pulled: 0, closed: false, opened: 0 };
  const open = () => {
    log.opened++;
    return (async function* () {
      try {
        for (const page of pages) {
          log.pulled++;
          if (page instanceof Error) throw page;
          yield { conversations: page };
        }
      } finally {
        log.closed = true;
      }
    })();
  };
  return { open, log };
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('iterateItems', () => {
  it('yields every item of every page in order, across empty pages', async () => {
    const { open, log } = pagesOf([[1, 2], [], [3], [4, 5]]);
    expect(await all(iterateItems(open))).toEqual([1, 2, 3, 4, 5]);
    expect(log.pulled).toBe(4);
  });

  it('stops at the limit inside a page, pulls no further page and closes the listing', async () => {
    const { open, log } = pagesOf([[1, 2], [3, 4], [5]]);
    expect(await all(iterateItems(open, 3))).toEqual([1, 2, 3]);
    expect(log.pulled).toBe(2);
    expect(log.closed).toBe(true);
  });

  it('with limit 0 yields nothing and pulls no page', async () => {
    const { open, log } = pagesOf([[1]]);
    expect(await all(iterateItems(open, 0))).toEqual([]);
    expect(log.pulled).toBe(0);
  });

  it.each([-1, 1.5, Number.NaN])('rejects limit %p on the first next(), before opening the pages', async (limit) => {
    const { open, log } = pagesOf([[1]]);
    const items = iterateItems(open, limit);
    await expect(items.next()).rejects.toThrow(RequestValidationError);
    expect(log.opened).toBe(0);
    expect(await items.next()).toEqual({ value: undefined, done: true });
  });

  it("surfaces a page's error after the items before it, then ends", async () => {
    const { open } = pagesOf([[1, 2], new Error('page 2 failed'), [3]]);
    const items = iterateItems(open);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of items) seen.push(item);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1, 2]);
    expect(await items.next()).toEqual({ value: undefined, done: true });
  });

  it('a break closes the listing', async () => {
    const { open, log } = pagesOf([[1, 2], [3]]);
    for await (const item of iterateItems(open)) if (item === 1) break;
    expect(log.closed).toBe(true);
    expect(log.pulled).toBe(1);
  });
});
