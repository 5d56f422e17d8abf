/**
 * Reads the value at a JSON pointer (`/a/b`, or a local reference `#/a/b`), or undefined when
 * the path does not exist. `~1` and `~0` are unescaped as RFC 6901 says.
 */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  const path = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  let node = root;
  for (const raw of path.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    // Own properties only: `constructor` or `__proto__` in a pointer must not reach Object.prototype.
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Escapes one key for use in a JSON pointer. */
export function escapePointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
