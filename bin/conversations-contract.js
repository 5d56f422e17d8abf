#!/usr/bin/env node
'use strict';
// Thin launcher: the command line lives in src/cli.ts, compiled to dist/.
require('../dist/src/cli.js')
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
