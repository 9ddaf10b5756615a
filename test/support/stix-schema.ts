import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The OASIS STIX 2.1 JSON schemas (cti-stix2-json-schemas), vendored unchanged with their BSD licence. */
const SCHEMAS = join(__dirname, '../fixtures/stix/oasis/schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.json') ? [path] : [];
  });
}

/** The schema of one object type, as the OASIS folders file them. */
function schemaIdOf(type: string): string {
  if (type === 'marking-definition' || type === 'language-content' || type === 'extension-definition')
    return `${BASE}common/${type}.json`;
  if (type === 'relationship' || type === 'sighting') return `${BASE}sros/${type}.json`;
  return `${BASE}sdos/${type}.json`;
}

/**
 * Validates a STIX 2.1 bundle against the official schemas, which MISP and OpenCTI follow: the bundle
 * envelope, then every object against the schema of its type. Objects are checked one by one because
 * the official `bundle.json` lists only some SDO types (not `incident`, which it sends to its "custom
 * object" branch and then refuses); this is how the OASIS validator itself walks a bundle. The schemas'
 * regular expressions are written for Python (`\-` outside a class), so they run without JavaScript's
 * `u` flag. Returns the errors, empty when the bundle is valid.
 */
export function stixBundleErrors(bundle: unknown): (ErrorObject | string)[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  for (const file of files(SCHEMAS)) ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')));
  const b = bundle as { type?: unknown; id?: unknown; objects?: unknown };
  const errors: (ErrorObject | string)[] = [];
  if (b?.type !== 'bundle') errors.push('type must be "bundle"');
  const identifier = ajv.getSchema(`${BASE}common/identifier.json`)!;
  if (typeof b?.id !== 'string' || !b.id.startsWith('bundle--') || !identifier(b.id))
    errors.push('id must be a bundle identifier');
  if (!Array.isArray(b?.objects) || b.objects.length === 0)
    return [...errors, 'objects must be a non-empty array'];
  b.objects.forEach((o: { type?: unknown }, i: number) => {
    const validate = typeof o?.type === 'string' ? ajv.getSchema(schemaIdOf(o.type)) : undefined;
    if (!validate) return errors.push(`objects/${i}: no STIX 2.1 schema for type ${String(o?.type)}`);
    if (!validate(o))
      errors.push(
        ...(validate.errors ?? []).map((e) => ({ ...e, instancePath: `/objects/${i}${e.instancePath}` })),
      );
  });
  return errors;
}
