#!/usr/bin/env bash
# Writes every file derived from openapi/conversations.yaml
# into the folder given (default: generated/), with the package version read from package.json.
# `make generate` writes generated/; `make check-generated` writes a temporary folder and compares.
set -euo pipefail
out=${1:-generated}
spec=openapi/conversations.yaml
mkdir -p "$out"
npx --no-install openapi-typescript "$spec" -o "$out/conversations.ts" \
  --root-types --root-types-no-schema-prefix --empty-objects-unknown --silent
node scripts/spec-to-json.mjs "$spec" "$out/openapi.json"
node scripts/package-info.mjs package.json "$out/package-info.ts"
npx --no-install tsx scripts/generate-validators.ts "$spec" "$out"
