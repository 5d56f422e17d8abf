/**
 * JSON.stringify, except that a value nested deeper than the stack allows (a page the client
 * accepted may hold a `bindings` object thousands of levels deep) is written by an iterative
 * writer instead of overflowing. The output is the same as JSON.stringify's for plain JSON data,
 * but such a value is written without indentation: indenting n levels costs n^2 spaces.
 */
export function stringify(value: unknown, indent = 0): string {
  try {
    return JSON.stringify(value, null, indent) ?? 'null';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return stringifyDeep(value, 0);
  }
}

/** @internal The iterative writer, exported for its tests. */
type Frame =
  { kind: 'array'; items: unknown[]; index: number } | { kind: 'object'; entries: [string, unknown][]; index: number };

export function stringifyDeep(root: unknown, indent: number): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const pad = (depth: number) => (indent ? `\n${' '.repeat(indent * depth)}` : '');
  const colon = indent ? ': ' : ':';
  const open = (value: unknown): void => {
    if (Array.isArray(value)) {
      if (value.length === 0) return void out.push('[]');
      out.push('[');
      stack.push({ kind: 'array', items: value, index: 0 });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value).filter(
        ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
      );
      if (entries.length === 0) return void out.push('{}');
      out.push('{');
      stack.push({ kind: 'object', entries, index: 0 });
    } else {
      out.push(JSON.stringify(value) ?? 'null');
    }
  };
  open(root);
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const length = frame.kind === 'array' ? frame.items.length : frame.entries.length;
    if (frame.index === length) {
      stack.pop();
      out.push(pad(stack.length), frame.kind === 'array' ? ']' : '}');
      continue;
    }
    out.push(frame.index === 0 ? '' : ',', pad(stack.length));
    if (frame.kind === 'array') {
      const item = frame.items[frame.index++];
      open(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item);
    } else {
      const [key, item] = frame.entries[frame.index++]!;
      out.push(JSON.stringify(key), colon);
      open(item);
    }
  }
  return out.join('');
}
