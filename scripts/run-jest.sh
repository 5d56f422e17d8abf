#!/usr/bin/env bash
# Runs every jest project and ends with one plain summary line ("jest: N passed, N failed, N skipped")
# that CI can read. The exit status is jest's.
set -uo pipefail
mkdir -p reports
npx --no-install jest --json --outputFile=reports/jest.json "$@"
status=$?
node -e '
  const r = require("./reports/jest.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' || status=1
exit $status
