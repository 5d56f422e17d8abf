/**
 * Lets the work already queued run to its end before a test looks: a few turns of the event loop
 * (in-memory fetches, parsing, the client's own scheduling). It counts turns, not milliseconds, so
 * a busy machine makes it slower, never different.
 */
export async function drain(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}
