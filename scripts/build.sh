#!/usr/bin/env bash
# Compiles src/ and generated/ to dist/. Used by `make build` and by npm's `prepare` (which npm runs
# before `npm pack` and when the package is installed from a git URL), so every tarball holds dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
node node_modules/typescript/bin/tsc -p tsconfig.build.json
cp generated/*.cjs dist/generated/
