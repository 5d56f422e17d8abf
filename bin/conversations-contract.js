#!/usr/bin/env node
'use strict';
// Thin launcher: the command line lives in src/cli.ts, compiled to dist/.
// A reader that leaves early (`--help | head -2`) is not an error: stop quietly, as `list` does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
require('../dist/src/cli/main.js')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`conversations-contract: ${error && error.message ? error.message : String(error)}\n`);
      if (process.env.DEBUG) process.stderr.write(`${error && error.stack}\n`);
      process.exitCode = 1;
    },
  );
