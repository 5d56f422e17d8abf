#!/usr/bin/env bash
# Fails, naming each file, when generated/ differs from what the current spec produces.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash scripts/generate.sh "$tmp" >/dev/null
stale=0
for f in "$tmp"/*; do
  name=generated/$(basename "$f")
  if ! cmp -s "$f" "$name"; then
    echo "stale: $name differs from what openapi/conversations.yaml produces (run: make generate)" >&2
    stale=1
  fi
done
for f in generated/*; do
  [ -e "$tmp/$(basename "$f")" ] || { echo "stale: $f is no longer produced by the generator (delete it or run: make generate)" >&2; stale=1; }
done
[ "$stale" = 0 ] && echo "generated/ is up to date"
exit "$stale"
