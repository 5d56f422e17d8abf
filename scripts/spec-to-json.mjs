// Converts the YAML spec to JSON so the runtime can import it without a YAML parser
// and without locating files on disk. The output is a build artefact: never edit it.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/spec-to-json.mjs <spec.yaml> <out.json>');
  process.exit(2);
}
const doc = parse(readFileSync(input, 'utf8'));
writeFileSync(output, JSON.stringify(doc, null, 2) + '\n');
