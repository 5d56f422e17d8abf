import { RequestValidationError } from './errors';

/**
 * Yields the items of a listing one by one, up to `limit` when given. The pages are opened on the
 * first `next()` (so a bad limit, or a bad parameter, rejects there and nothing is sent before) and
 * closed as soon as the limit is reached or the caller stops (`break`, `return()`): no page beyond
 * the one that reaches the limit is ever fetched.
 *
 * A plain iterator rather than an async generator, and no async function while the current page
 * still has items: per item, only the one promise that for-await needs is made.
 */
// (Over 60 lines as one closure: next, nextPage and stop share the iterator's five locals.)
export function iterateItems<T>(
  openPages: () => AsyncGenerator<{ conversations: T[] }, void, undefined>,
  limit?: number,
): AsyncIterableIterator<T> {
  let pages: AsyncGenerator<{ conversations: T[] }, void, undefined> | undefined;
  let items: T[] = [];
  let index = 0;
  let delivered = 0;
  let finished = false;
  const done = (): IteratorResult<T> => {
    finished = true;
    return { value: undefined, done: true };
  };
  const underLimit = () => limit === undefined || delivered < limit;

  function next(): Promise<IteratorResult<T>> {
    if (!finished && index < items.length && underLimit()) {
      delivered++;
      return Promise.resolve({ value: items[index++]!, done: false });
    }
    return nextPage();
  }

  async function nextPage(): Promise<IteratorResult<T>> {
    if (finished) return done();
    if (!pages) {
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
        finished = true;
        throw new RequestValidationError('limit', limit, 'must be a whole number >= 0');
      }
      pages = openPages();
    }
    if (!underLimit()) return stop();
    while (index >= items.length) {
      let page: IteratorResult<{ conversations: T[] }, void>;
      try {
        page = await pages.next();
      } catch (error) {
        finished = true;
        throw error;
      }
      if (page.done) return done();
      items = page.value.conversations;
      index = 0;
    }
    delivered++;
    return { value: items[index++]!, done: false };
  }

  async function stop(): Promise<IteratorResult<T>> {
    await pages?.return();
    return done();
  }

  return {
    next,
    return: stop,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
