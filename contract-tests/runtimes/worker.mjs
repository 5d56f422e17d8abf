// A Cloudflare Worker that runs the smoke run: bundled by esbuild as wrangler bundles a worker, it
// is loaded into workerd (through miniflare) and answers a POST of the targets with the result.
import * as client from 'twilio-conversations-contract';
import * as conformance from 'twilio-conversations-contract/conformance';
import { smoke } from './smoke.mjs';

export default {
  async fetch(request) {
    try {
      return Response.json(await smoke(await request.json(), client, conformance));
    } catch (error) {
      return Response.json({ crashed: `${error?.name}: ${error?.message}` }, { status: 500 });
    }
  },
};
