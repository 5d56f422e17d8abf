/**
 * A one-line progress report on stderr (pages and conversations received, rate), rewritten in
 * place as each page arrives. Only on a terminal: in a pipe or a CI log it would be noise.
 */
export function createProgress(stderr: NodeJS.WritableStream, enabled: boolean, now: () => number = Date.now) {
  const started = now();
  let pages = 0;
  let items = 0;
  let shown = false;
  const seconds = () => Math.max(now() - started, 1) / 1000;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    page(size: number) {
      pages++;
      items += size;
      if (!enabled) return;
      stderr.write(`\r\x1b[2K${plural(pages, 'page')}, ${plural(items, 'conversation')}, ${Math.round(items / seconds())}/s`);
      shown = true;
    },
    clear() {
      if (shown) stderr.write('\r\x1b[2K');
      shown = false;
    },
    summary(count: number) {
      if (enabled) stderr.write(`${plural(count, 'conversation')} from ${plural(pages, 'page')} in ${seconds().toFixed(1)} s\n`);
    },
  };
}
