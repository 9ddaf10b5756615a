import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi } from '../support/harness';

const ROOT = join(__dirname, '../..');
type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

/** OpenAPI 3.0 `nullable` as plain JSON Schema (`anyOf` with null), for Ajv. */
function jsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Schema;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, k === 'enum' ? v : jsonSchema(v)]));
  if (typeof out.$ref === 'string') out.$ref = `doc${out.$ref}`;
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

/**
 * The api's OpenAPI document tells a client the truth: every route declares its answer (a type of
 * libs/contracts, the types the web app uses, or a file/stream/no content) and its errors as
 * problem+json; the schemas are generated from libs/contracts and current; and real answers match
 * them.
 */
describe('OpenAPI document and libs/contracts', () => {
  let api: TestApi;
  let org: TestOrg;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Schema } };
  let ajv: Ajv;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
    const res = await api.http.get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat('date-time', true).addFormat('binary', true).addFormat('email', true);
    ajv.addSchema({ $id: 'doc', components: jsonSchema(doc.components) });
  });
  afterAll(() => api.close());

  it('should hold the schemas generated from the current libs/contracts', async () => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import * as s from './scripts/contract-schemas.mjs'; process.stdout.write(JSON.stringify({ ...s.generate(), files: [s.SCHEMAS_FILE, s.NAMES_FILE] }))",
      ],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(run.stderr).toBe('');
    const { json, names, files } = JSON.parse(run.stdout) as { json: string; names: string; files: string[] };
    // A stale file: run `npm run contracts` and commit what it writes.
    expect(readFileSync(files[0], 'utf8')).toBe(json);
    expect(readFileSync(files[1], 'utf8')).toBe(names);
    const generated = JSON.parse(json) as Schema;
    for (const [name, schema] of Object.entries(generated))
      expect(doc.components.schemas[name]).toEqual(schema);
  }, 180_000);

  it('should declare the answer of every route and its errors as problem+json', () => {
    const undeclared: string[] = [];
    const noProblem: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        operations++;
        const where = `${method.toUpperCase()} ${path}`;
        const success = Object.entries(op.responses).filter(([code]) => code.startsWith('2'));
        const declared = success.some(
          ([code, r]) => code === '204' || Object.values(r.content ?? {}).some((c) => c.schema),
        );
        if (!declared) undeclared.push(where);
        for (const range of ['4XX', '5XX']) {
          if (!op.responses[range]?.content?.['application/problem+json'])
            noProblem.push(`${where} ${range}`);
        }
      }
    }
    expect(operations).toBeGreaterThan(120);
    expect(undeclared).toEqual([]);
    expect(noProblem).toEqual([]);
  });

  it('should resolve every schema reference of the document', () => {
    const missing = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const name = value.replace('#/components/schemas/', '');
          if (!(name in doc.components.schemas)) missing.add(value);
        } else walk(value);
      }
    };
    walk(doc);
    expect([...missing]).toEqual([]);
  });

  /** The schema the document declares for a route's success answer. */
  const declaredSchema = (method: string, path: string): Schema => {
    const op = doc.paths[path]?.[method];
    if (!op) throw new Error(`${method} ${path} is not in the document`);
    const [, response] = Object.entries(op.responses).find(([code]) => code.startsWith('2'))!;
    return response.content!['application/json'].schema!;
  };
  const check = async (
    as: TestUser,
    method: 'get' | 'post' | 'patch',
    path: string,
    template: string,
    body?: object,
  ) => {
    const res = await api.http[method](`/api/v1${path}`).set(as.auth).send(body);
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    const validate = ajv.compile(jsonSchema(declaredSchema(method, `/api/v1${template}`)) as object);
    if (!validate(res.body)) {
      throw new Error(
        `${method.toUpperCase()} ${template} answered off its contract: ${JSON.stringify(validate.errors?.slice(0, 5))}`,
      );
    }
    return res.body;
  };

  it('should answer what it declares, field by field, on the main routes', async () => {
    const ticket = await fileTicket(api, org.users.requesterA);
    const { admin, tier1A, requesterA, supervisor } = org.users;
    await check(requesterA, 'get', `/tickets/${ticket.id}`, '/tickets/{id}');
    await check(tier1A, 'get', '/tickets', '/tickets');
    await check(tier1A, 'post', `/tickets/${ticket.id}/claim`, '/tickets/{id}/claim', {});
    await act(api, tier1A, ticket.id, 'start');
    await check(tier1A, 'post', `/tickets/${ticket.id}/comments`, '/tickets/{id}/comments', {
      body: 'Sudah kami periksa, mohon tunggu.',
    });
    await check(requesterA, 'get', `/tickets/${ticket.id}/comments`, '/tickets/{id}/comments');
    await check(tier1A, 'get', `/tickets/${ticket.id}/history`, '/tickets/{id}/history');
    await check(requesterA, 'get', '/auth/me', '/auth/me');
    await check(admin, 'get', '/units', '/units');
    await check(admin, 'get', '/teams', '/teams');
    await check(admin, 'get', '/categories', '/categories');
    await check(admin, 'get', '/users', '/users');
    await check(supervisor, 'get', '/users/directory', '/users/directory');
    await check(admin, 'get', '/sla-policies', '/sla-policies');
    await check(admin, 'get', '/calendar', '/calendar');
    await check(tier1A, 'get', '/queues', '/queues');
    await check(requesterA, 'get', '/users/me/preferences', '/users/me/preferences');
    await check(supervisor, 'get', '/reports/sla?from=2026-11-01&to=2026-12-01', '/reports/sla');
    await check(tier1A, 'get', '/kb/articles', '/kb/articles');
  });
});
