/**
 * Pulls from `source` ahead of the consumer: while the consumer works on one item, up to `depth`
 * more are fetched (0: none, the source is passed through). Meant for pages, whose next request
 * can then overlap validation and the caller's own work.
 *
 * - Order holds: items, then the error or the end, exactly as the source gave them; an error is
 *   delivered after every item that came before it.
 * - `wantMore(item)` is asked of each item as it arrives; false stops the pulling (a `limit`
 *   reached), so nothing past it is requested.
 * - When the consumer stops (break, return, throw) or the listing ends, `cancel` is called: it
 *   aborts the request in flight, whose failure is then dropped unseen.
 */
// (Over 60 lines as one closure: producer and consumer share the buffer and the two wake-ups.)
export async function* readAhead<T>(
  source: AsyncIterator<T, void, undefined>,
  depth: number,
  cancel: () => void,
  wantMore: (item: T) => boolean = () => true,
): AsyncGenerator<T, void, undefined> {
  if (depth <= 0) {
    try {
      for (let step = await source.next(); !step.done; step = await source.next()) {
        yield step.value;
        if (!wantMore(step.value)) return;
      }
    } finally {
      cancel();
    }
    return;
  }

  type Slot = { item: T } | { end: true } | { error: unknown };
  const buffer: Slot[] = [];
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const push = (slot: Slot) => {
    buffer.push(slot);
    wakeConsumer?.();
  };

  const producer = async () => {
    try {
      for (;;) {
        // Fetched but not yet taken: at most `depth` (the consumer holds one more).
        while (buffer.length >= depth && !stopped) await new Promise<void>((r) => (wakeProducer = r));
        if (stopped) return;
        const step = await source.next();
        if (stopped) return;
        if (step.done) return push({ end: true });
        push({ item: step.value });
        if (!wantMore(step.value)) return push({ end: true });
      }
    } catch (error) {
      if (!stopped) push({ error });
    }
  };
  void producer();

  try {
    for (;;) {
      while (buffer.length === 0) await new Promise<void>((r) => (wakeConsumer = r));
      const slot = buffer.shift()!;
      wakeProducer?.();
      if ('end' in slot) return;
      if ('error' in slot) throw slot.error;
      yield slot.item;
    }
  } finally {
    stopped = true;
    wakeProducer?.();
    cancel();
  }
}
