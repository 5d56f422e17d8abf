// Runs the smoke run on the runtime that runs this file (`bun run-smoke.mjs TARGETS`,
// `deno run -A run-smoke.mjs TARGETS`, `node run-smoke.mjs TARGETS`): the package is imported by
// name, as a user's code imports it, and the result is printed as one line of JSON.
import * as client from 'twilio-conversations-contract';
import * as conformance from 'twilio-conversations-contract/conformance';
import { smoke } from './smoke.mjs';

const targets = JSON.parse(process.argv[2]);
console.log(JSON.stringify(await smoke(targets, client, conformance)));
