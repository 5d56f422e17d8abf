/** One scripted answer: a Response (or a promise of one, or a rejection) made when the request comes. */
export type Step = () => Response | Promise<Response>;

/**
 * A fetch that replays a script of answers in order and records every request, so a test can say
 * exactly what was sent. A request beyond the script fails loudly.
 */
export function scriptedFetch(...steps: Step[]) {
  const requests: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    const step = steps.shift();
    if (!step) throw new Error(`unexpected request ${request.url}: the script has no more answers`);
    return step();
  };
  return { fetch, requests };
}

/** An answer with a JSON body. */
export const jsonAnswer =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Step =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
