// Makes the project's own fixture of Twilio's published description of the list operation:
// structure only (paths, parameters, schemas, constraints), with descriptions, summaries,
// examples and vendor extensions removed. Usage:
//   node scripts/strip-upstream.mjs <twilio_conversations_v1.json> contract-tests/fixtures/upstream/list-service-conversations.json
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/strip-upstream.mjs <upstream.json> <out.json>');
  process.exit(2);
}
const doc = JSON.parse(readFileSync(input, 'utf8'));
const PATH = '/v1/Services/{ChatServiceSid}/Conversations';
const PROSE = new Set(['description', 'summary', 'example', 'examples', 'title', 'externalDocs']);

// Keep the operation and only the components it reaches.
const keep = {
  openapi: doc.openapi,
  info: { title: 'upstream structure', version: doc.info?.version ?? '0' },
  servers: doc.servers,
  paths: { [PATH]: { get: doc.paths[PATH].get } },
  components: {},
};
const pending = [keep.paths];
const seen = new Set();
while (pending.length) {
  const node = pending.pop();
  if (!node || typeof node !== 'object') continue;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && !seen.has(value)) {
      seen.add(value);
      const [, section, name] = value.split('/').slice(1);
      keep.components[section] ??= {};
      keep.components[section][name] = doc.components[section][name];
      pending.push(doc.components[section][name]);
    } else pending.push(value);
  }
}
if (doc.components?.securitySchemes) keep.components.securitySchemes = doc.components.securitySchemes;
keep.security = doc.security;

function strip(node, key) {
  if (Array.isArray(node)) return node.map((n) => strip(n));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    // Property names and response codes are structure even when they read like prose keywords.
    const isMapOfNames = key === 'properties' || key === 'responses' || key === 'schemas' || key === 'headers';
    if (!isMapOfNames && (PROSE.has(k) || k.startsWith('x-'))) continue;
    out[k] = strip(v, k);
  }
  return out;
}
const stripped = strip(keep);
stripped.info = keep.info; // title and version are required by OpenAPI
writeFileSync(output, JSON.stringify(stripped, null, 2) + '\n');
