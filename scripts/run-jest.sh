#!/usr/bin/env bash
# Runs every jest project on one Node binary ($NODE, default: the node on PATH) and ends with one
# plain summary line ("jest on node vX: N passed, N failed, N skipped") that CI can read.
# The exit status is jest's.
set -uo pipefail
node_bin="${NODE:-node}"
version="$("$node_bin" --version)"
major="${version#v}"
report="reports/jest-node${major%%.*}.json"
mkdir -p reports
# The tests spawn Prism, the bin and consumers with process.execPath, so they all run on this Node too.
# --forceExit: a test that times out can leave its server open; the run must still end (and fail) rather
# than wait for CI's time limit.
"$node_bin" node_modules/jest/bin/jest.js --json --outputFile="$report" --forceExit "$@"
status=$?
"$node_bin" -e '
  const r = require(process.argv[1]);
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`jest on node ${process.version}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "./$report" || status=1
exit $status
