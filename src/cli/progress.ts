/**
 * A one-line progress report on stderr (pages and conversations received, rate), rewritten in
 * place as each page arrives, and a summary at the end.
 * `live`: draw the progress line. Only when stderr is a terminal and stdout is not (the rows go to a
 * file or a pipe): when the rows themselves scroll past on the same screen they are the progress,
 * and a line redrawn among them would garble the table or erase the end of a JSON object.
 * `summary`: print the summary line (stderr is a terminal).
 */
export function createProgress(
  stderr: NodeJS.WritableStream,
  options: { live: boolean; summary: boolean },
  now: () => number = Date.now,
) {
  const enabled = options.live;
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
      stderr.write(
        `\r\x1b[2K${plural(pages, 'page')}, ${plural(items, 'conversation')}, ${Math.round(items / seconds())}/s`,
      );
      shown = true;
    },
    clear() {
      if (shown) stderr.write('\r\x1b[2K');
      shown = false;
    },
    summary(count: number) {
      if (options.summary)
        stderr.write(`${plural(count, 'conversation')} from ${plural(pages, 'page')} in ${seconds().toFixed(1)} s\n`);
    },
  };
}
