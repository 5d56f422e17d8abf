/**
 * Matches a pattern a user wrote, where `*` stands for any run of characters (none included) and
 * every other character for itself, in time linear in the text: the literal pieces between the
 * stars are found left to right, each as early as it can be (which is always right for `*`-only
 * patterns), so no backtracking can run away - `*******zz` against a long id costs one pass,
 * where the regular expression `.*.*.*.*.*.*.*zz` never finished.
 */
export function globMatcher(glob: string): (text: string) => boolean {
  const parts = glob.split('*');
  if (parts.length === 1) return (text) => text === glob;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  return (text) => {
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
    let at = first.length;
    const end = text.length - last.length;
    for (const part of middle) {
      const found = text.indexOf(part, at);
      if (found === -1 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}
