// The floor the function cannot beat: parse the same input and print the same output with the
// same YAML library and options, and nothing else. Usage: node floor.mjs INPUT.yaml OUTPUT.json
import { readFileSync } from 'node:fs';
import { Document, parseDocument } from 'yaml';

const [input, output] = process.argv.slice(2);
parseDocument(readFileSync(input, 'utf8'), { uniqueKeys: true, strict: true, prettyErrors: true });
const printed = new Document(JSON.parse(readFileSync(output, 'utf8')), { version: '1.1' }).toString({ lineWidth: 0, indentSeq: false, flowCollectionPadding: false });
process.stdout.write(printed);
