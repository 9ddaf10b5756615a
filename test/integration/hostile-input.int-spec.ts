import { Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { createOrg, TEST_PASSWORD, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket, validTicket } from '../support/factories/ticket.factory';
import { startApi, testConfig, TestApi } from '../support/harness';
import { countOf, sqlRow, sqlRows } from '../support/db';

/**
 * the OpenAPI document at /api/docs; docs/security.md: a few thousand malformed and hostile requests against every endpoint under
 * /api/v1, generated from tables of payloads x endpoints. For every request: never a 5xx, and every
 * error is application/problem+json `{type, title, status, detail}`; DTO failures name the bad field.
 * Afterwards nothing was stored that should not be (rows, files on disk), and the schema is intact.
 *
 * Requests go out through node:http rather than supertest so that paths are sent byte for byte
 * (superagent resolves `..` and percent-encodes raw bytes) and bodies can be any bytes at all.
 */

// ---------------------------------------------------------------------------------------------------
// Payload tables
// ---------------------------------------------------------------------------------------------------

const HUGE = 'A'.repeat(100_000);
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** Strings that must be stored verbatim when accepted, or refused cleanly; never a 500. */
const HOSTILE_STRINGS: string[] = [
  "' OR 1=1 --",
  "'; DROP TABLE ticket; --",
  "Robert'); DROP TABLE app_user;--",
  '" OR ""="',
  "1' UNION SELECT password_hash, email FROM app_user --",
  "x'; SELECT pg_sleep(10); --",
  '$1 $2 ::uuid \\x00 \\ % _',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}} ${7*7} <%= 7*7 %>',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%00%ZZ%FF%2e%2e%2f',
  'nul \u0000 byte inside',
  'lone surrogate \ud800 and \udfff here',
  '\u202Egnp.exe right-to-left override',
  'emoji 🚑🔥 漢字 العربية ÿþ',
  '\uFEFF\uFFFE\uFFFF noncharacters',
  'CRLF\r\nSet-Cookie: hacked=1\r\n\r\n<html>',
  'é'.repeat(300),
];

const NOT_STRINGS: unknown[] = [123, -1, 0.5, true, false, [], ['x'], {}, { $ne: null }, { toString: 'x' }];

type Kind =
  | 'text'
  | 'code'
  | 'email'
  | 'uuid'
  | 'level'
  | 'int'
  | 'score'
  | 'bool'
  | 'enum'
  | 'roles'
  | 'uuids'
  | 'nip'
  | 'locale';

/** Values that every field of a kind must refuse with a 400 naming it. */
const WRONG: Record<Kind, unknown[]> = {
  text: [...NOT_STRINGS, HUGE],
  code: [
    ...NOT_STRINGS,
    'lower-case',
    'A',
    'A'.repeat(33),
    "'; DROP TABLE unit; --",
    '<SCRIPT>',
    'AB\u0000',
    HUGE,
  ],
  email: [
    ...NOT_STRINGS,
    'not-an-email',
    'a@',
    '@b.id',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    'x\u0000@test.go.id',
    `${'a'.repeat(250)}@x.id`,
    HUGE,
  ],
  uuid: [
    ...NOT_STRINGS,
    'not-a-uuid',
    "' OR 1=1 --",
    '00000000-0000-0000-0000-00000000000g',
    '../../etc/passwd',
    '',
    `${ZERO_UUID}\u0000`,
    HUGE,
  ],
  level: ['1', '2', 0, 4, -1, 2.5, 1e308, true, [], [2], {}, 'P1', "2' OR 1=1 --"],
  int: ['1', 0, -1, 1.5, true, [], [1], {}, 'latest', '1 OR 1=1'],
  score: [0, 6, -1, 2.5, '5', 1e308, true, [], {}, 'lima', '5; DROP TABLE ticket'],
  bool: ['true', 'false', 1, 0, 'yes', [], {}, 'null'],
  enum: [...NOT_STRINGS, 'nope', '', 'INCIDENT', "' OR 1=1 --", HUGE],
  roles: [
    'admin',
    [],
    ['superuser'],
    ['admin', 'admin'],
    [1],
    [null],
    [[]],
    [{}],
    {},
    123,
    "' OR 1=1 --",
    ['admin', 'tier1', 'tier2', 'csirt', 'supervisor', 'unit_head', 'requester', 'x'],
  ],
  uuids: [
    'x',
    ['x'],
    [1],
    [null],
    {},
    123,
    [ZERO_UUID, ZERO_UUID],
    Array.from({ length: 21 }, () => randomUUID()),
  ],
  nip: [
    ...NOT_STRINGS,
    '123',
    'a'.repeat(18),
    // A NIP sent as a JSON number (it loses digits as a double: the api must still say 400).
    // eslint-disable-next-line no-loss-of-precision
    123456789012345678,
    '12345678901234567\u0000',
    "' OR 1=1 --",
    HUGE,
  ],
  locale: [...NOT_STRINGS, 'fr', '', 'id; DROP TABLE app_user'],
};

interface FieldSpec {
  kind: Kind;
  required?: boolean;
  /** More values this field must refuse (length limits and the like). */
  bad?: unknown[];
  /** Hostile strings go in as values that may be accepted (and then must be stored verbatim). */
  free?: boolean;
}

interface BodyEndpoint {
  name: string;
  method: 'POST' | 'PATCH';
  path: string;
  /** The user who may call it; none for the public login. */
  as?: TestUser;
  /** A valid body: fresh each call, so unique codes and emails never collide. */
  valid: () => Record<string, unknown>;
  fields: Record<string, FieldSpec>;
  /** Not built yet (the OpenAPI document at /api/docs): swept for 5xx and problem+json, no field checks. */
  planned?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Probes and their results
// ---------------------------------------------------------------------------------------------------

interface Probe {
  /** What the request tries, for failure reports. */
  label: string;
  method: string;
  /** Sent byte for byte (latin1 characters go out as single raw bytes). */
  path: string;
  as?: TestUser;
  headers?: Record<string, string | string[]>;
  /** Sent as JSON with application/json. */
  json?: unknown;
  /** Sent as is, with whatever content-type `headers` gives. */
  raw?: Buffer;
  /** Must be refused with a 4xx: nothing it carries may be stored. */
  refused?: boolean;
  /** The only statuses allowed. */
  status?: number[];
  /** A 400 whose `errors` names each of these fields. */
  fields?: string[];
  /** Answered by Node's HTTP parser before the app sees it (431): no problem+json is possible. */
  core?: boolean;
}

interface Outcome {
  probe: Probe;
  status: number;
  contentType: string;
  requestId?: string;
  text: string;
  body?: any;
  error?: string;
}

function summary(p: Probe): string {
  const cut = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}...(${s.length} chars)` : s);
  const payload =
    p.json !== undefined
      ? `json=${cut(JSON.stringify(p.json) ?? 'undefined')}`
      : p.raw
        ? `raw=${cut(JSON.stringify(p.raw.toString('latin1')))}`
        : '';
  const who = p.as ? `as ${p.as.email.split('-')[0]}` : 'anonymous';
  return `${p.method} ${cut(JSON.stringify(p.path).slice(1, -1), 200)} [${p.label}] ${who} ${payload}`.trim();
}

function send(port: number, agent: http.Agent, p: Probe): Promise<Outcome> {
  return new Promise((done) => {
    const body = p.json !== undefined ? Buffer.from(JSON.stringify(p.json)) : p.raw;
    const headers: Record<string, string | string[] | number> = {
      ...(p.as?.auth ?? {}),
      ...(p.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...p.headers,
    };
    if (body) headers['content-length'] = body.length;
    let req: http.ClientRequest;
    try {
      req = http.request(
        { host: '127.0.0.1', port, method: p.method, path: p.path, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            done({
              probe: p,
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type'] ?? ''),
              requestId: res.headers['x-request-id'] as string | undefined,
              text,
              body: parsed,
            });
          });
          res.on('error', (e) => done({ probe: p, status: 0, contentType: '', text: '', error: e.message }));
        },
      );
    } catch (e) {
      // The client itself refused to send it (a character Node does not allow in a header or path).
      throw new Error(`unsendable probe ${summary(p)}: ${(e as Error).message}`);
    }
    req.setTimeout(20_000, () => req.destroy(new Error('no answer within 20 s')));
    req.on('error', (e) => done({ probe: p, status: 0, contentType: '', text: '', error: e.message }));
    req.end(body);
  });
}

async function runAll(port: number, probes: Probe[], concurrency = 12): Promise<Outcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const out: Outcome[] = new Array(probes.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < probes.length) {
        const i = next++;
        out[i] = await send(port, agent, probes[i]);
      }
    }),
  );
  agent.destroy();
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Request bodies that are not JSON objects, or not JSON, or not the right size or encoding
// ---------------------------------------------------------------------------------------------------

const JSON_TYPE = { 'content-type': 'application/json' };
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

interface Shape {
  label: string;
  raw: Buffer;
  headers: Record<string, string>;
  status?: number[];
  /** Refused whatever the endpoint (a body-level error); otherwise only where fields are required. */
  always?: boolean;
}

function multipart(
  parts: {
    name?: string;
    filename?: string | Buffer;
    type?: string;
    data: Buffer | string;
    disposition?: string;
  }[],
  boundary = 'HostileBoundary7MA4YWxkTrZu0gW',
  close = true,
): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    const filename =
      part.filename === undefined
        ? ''
        : Buffer.isBuffer(part.filename)
          ? part.filename.toString('latin1')
          : part.filename;
    const disposition =
      part.disposition ??
      `form-data; name="${part.name ?? 'file'}"${part.filename !== undefined ? `; filename="${filename}"` : ''}`;
    chunks.push(Buffer.from(`Content-Disposition: ${disposition}\r\n`, 'latin1'));
    if (part.type) chunks.push(Buffer.from(`Content-Type: ${part.type}\r\n`));
    chunks.push(Buffer.from('\r\n'));
    chunks.push(Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
const MULTIPART_TYPE = (boundary = 'HostileBoundary7MA4YWxkTrZu0gW') => ({
  'content-type': `multipart/form-data; boundary=${boundary}`,
});

function shapes(valid: Record<string, unknown>): Shape[] {
  const json = (label: string, text: string, extra: Partial<Shape> = {}): Shape => ({
    label,
    raw: Buffer.from(text),
    headers: JSON_TYPE,
    ...extra,
  });
  const validText = JSON.stringify(valid);
  const withKey = (key: string, value: string) =>
    `${validText.slice(0, -1)}${validText.length > 2 ? ',' : ''}"${key}":${value}}`;
  return [
    json('JSON array', '[]'),
    json('array of the valid body', `[${validText}]`),
    json('JSON string', '"hello"'),
    json('JSON number', '123'),
    json('JSON null', 'null'),
    json('JSON true', 'true'),
    json('empty body', ''),
    json('whitespace body', '   \n\t  '),
    json('truncated JSON', `${validText.slice(0, -1)}${validText.length > 2 ? ',' : ''}"cut`, {
      always: true,
      status: [400],
    }),
    json('single quotes', "{'title': 'x'}", { always: true, status: [400] }),
    json('trailing comma', '{"title":"abcdef",}', { always: true, status: [400] }),
    json('NaN literal', '{"impact": NaN}', { always: true, status: [400] }),
    json('comment in JSON', '{"a":1 /* x */}', { always: true, status: [400] }),
    json('two documents', `${validText}${validText}`, { always: true, status: [400] }),
    json('control bytes', '\u0001\u0002\u0003', { always: true, status: [400] }),
    json('lone brace', '{', { always: true, status: [400] }),
    json('XML under a JSON type', '<?xml version="1.0"?><a>1</a>', { always: true, status: [400] }),
    json('duplicate key, last one a number', withKey('title', '123')),
    json('unknown field with a NUL in its name', withKey('a\\u0000b', '1'), { always: true }),
    json(
      'deeply nested arrays in an unknown field',
      withKey('deep', `${'['.repeat(20_000)}${']'.repeat(20_000)}`),
      { always: true },
    ),
    json(
      'deeply nested objects in an unknown field',
      withKey('deep', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`),
      { always: true },
    ),
    json('body over the 1 MB JSON limit', JSON.stringify({ ...valid, padding: 'x'.repeat(1_100_000) }), {
      always: true,
      status: [413],
    }),
    json('1 MB of whitespace', `${' '.repeat(1_100_000)}{}`, { always: true, status: [413] }),
    {
      label: 'bad UTF-8 bytes in a key',
      raw: bytes('{"t', [0xff, 0xfe], '":1}'),
      headers: JSON_TYPE,
      always: true,
    },
    {
      label: 'bad UTF-8 bytes in the valid body',
      raw: bytes(
        validText.slice(0, -1),
        validText.length > 2 ? ',' : '',
        '"x',
        [0xc3, 0x28, 0xa0, 0xa1],
        '":1}',
      ),
      headers: JSON_TYPE,
      always: true,
    },
    { label: 'overlong UTF-8 NUL', raw: bytes('{"title":"a', [0xc0, 0x80], 'bcdef"}'), headers: JSON_TYPE },
    {
      label: 'truncated 4-byte UTF-8 sequence',
      raw: bytes('{"title":"', [0xf0, 0x9f, 0x98], '"}'),
      headers: JSON_TYPE,
    },
    {
      label: 'UTF-16 bytes sent as UTF-8',
      raw: Buffer.from(validText, 'utf16le'),
      headers: JSON_TYPE,
      always: true,
      status: [400],
    },
    {
      label: 'charset=utf-16 on UTF-8 bytes',
      raw: Buffer.from(validText),
      headers: { 'content-type': 'application/json; charset=utf-16' },
      always: true,
    },
    {
      label: 'unsupported charset',
      raw: Buffer.from(validText),
      headers: { 'content-type': 'application/json; charset=koi8-r' },
      always: true,
      status: [415],
    },
    {
      label: 'gzip encoding of garbage',
      raw: Buffer.from('definitely not gzip'),
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      always: true,
      status: [400],
    },
    {
      label: 'unknown content encoding',
      raw: Buffer.from(validText),
      headers: { ...JSON_TYPE, 'content-encoding': 'x-evil' },
      always: true,
      status: [415],
    },
    { label: 'text/plain JSON', raw: Buffer.from(validText), headers: { 'content-type': 'text/plain' } },
    { label: 'no content type', raw: Buffer.from(validText), headers: {} },
    {
      label: 'XML content type',
      raw: Buffer.from('<ticket><title>x</title></ticket>'),
      headers: { 'content-type': 'application/xml' },
    },
    {
      label: 'form-urlencoded',
      raw: Buffer.from('title=abc&impact=1&urgency=%27%20OR%201%3D1&roles=admin&roles=admin'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    {
      label: 'multipart where JSON is expected',
      raw: multipart([
        { name: 'title', data: 'Judul' },
        { name: 'file', filename: 'a.pdf', type: 'application/pdf', data: '%PDF-1.4' },
      ]),
      headers: MULTIPART_TYPE(),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------------------

describe('Hostile input (the OpenAPI document at /api/docs; docs/security.md)', () => {
  let api: TestApi;
  let org: TestOrg;
  let outcomes: Outcome[];
  let before: Record<string, number>;
  let after: Record<string, number>;
  const loggedErrors = new Map<string, string>();
  let ticket: {
    main: string;
    cancel: string;
    rating: string;
    upload: string;
    otherPd: string;
    escalate: string;
    escalated: string;
  };
  let attachmentId: string;
  /** A published public knowledge-base article. */
  let kbArticle: string;
  let seconds = 0;

  const COUNTED = [
    'ticket',
    'app_user',
    'unit',
    'team',
    'category',
    'desk',
    'ticket_comment',
    'ticket_attachment',
    'ticket_event',
    'team_member',
  ];
  const count = async () =>
    Object.fromEntries(
      await Promise.all(
        COUNTED.map(
          async (t) => [t, await countOf(api.dataSource, `SELECT count(*)::int AS n FROM ${t}`)] as const,
        ),
      ),
    );

  beforeAll(async () => {
    const started = Date.now();
    api = await startApi(
      await testConfig({
        LOGIN_RATE_LIMIT: '100000',
        LOGIN_ADDRESS_RATE_LIMIT: '100000',
        // The captured-mail routes exist only with a capture folder: probe them too.
        MAIL_CAPTURE_DIR: join(process.env.TEST_TMP_DIR!, `hostile-mail-${process.pid}`),
      }),
    );
    org = await createOrg(api.app);
    // The filter logs unknown errors (with their stack) under the request id; keep them for the report.
    jest.spyOn(Logger.prototype, 'error').mockImplementation(function (message: unknown, stack?: unknown) {
      const id = /\[([^\]]+)\]/.exec(String(message))?.[1];
      if (id)
        loggedErrors.set(
          id,
          String(stack ?? message)
            .split('\n')
            .slice(0, 6)
            .join('\n'),
        );
    });

    const { requesterA, tier1A, requesterB } = org.users;
    const main = (await fileTicket(api, requesterA)).id;
    const cancel = (await fileTicket(api, requesterA)).id;
    const upload = (await fileTicket(api, requesterA)).id;
    const otherPd = (await fileTicket(api, requesterB)).id;
    const rating = (await fileTicket(api, requesterA)).id;
    for (const [action, body] of [
      ['claim', {}],
      ['start', {}],
      ['resolve', { resolution: 'Kabel diganti' }],
    ] as const) {
      await act(api, tier1A, rating, action, body);
    }
    // Own tickets for escalate and return: a hostile but valid reason or notes really moves them.
    const escalate = (await fileTicket(api, requesterA)).id;
    const escalated = (await fileTicket(api, requesterA)).id;
    await act(api, tier1A, escalated, 'escalate', {
      teamId: org.teams.network,
      reason: 'Butuh Tier 2 Dinas',
    });
    ticket = { main, cancel, rating, upload, otherPd, escalate, escalated };
    const pdf = await api.http
      .post(`/api/v1/tickets/${upload}/attachments`)
      .set(requesterA.auth)
      .attach('file', Buffer.from('%PDF-1.4 baseline'), 'baseline.pdf');
    expect(pdf.status).toBe(201);
    attachmentId = pdf.body.id;
    const article = await api.http.post('/api/v1/kb/articles').set(org.users.supervisor.auth).send({
      title: 'Printer tidak bisa mencetak',
      body: 'Nyalakan ulang layanan spooler.',
      kind: 'howto',
      visibility: 'public',
    });
    expect(article.status).toBe(201);
    kbArticle = article.body.id;
    for (const action of ['submit', 'publish']) {
      const moved = await api.http
        .post(`/api/v1/kb/articles/${kbArticle}/${action}`)
        .set(org.users.supervisor.auth);
      expect(moved.status).toBe(200);
    }

    const probes = buildProbes();
    before = await count();
    outcomes = await runAll((api.app.getHttpServer().address() as AddressInfo).port, probes);
    after = await count();
    seconds = (Date.now() - started) / 1000;
    // The budget itself is asserted below, so that a slow run fails with its duration, not a hook timeout.
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await api?.close();
  });

  // -------------------------------------------------------------------------------------------------
  // Probe generation
  // -------------------------------------------------------------------------------------------------

  function buildProbes(): Probe[] {
    const u = org.users;
    const probes: Probe[] = [];
    let serial = 0;
    const unique = () => `${Date.now().toString(36)}${(serial++).toString(36)}`.toUpperCase();
    const T = (id: string, rest = '') => `/api/v1/tickets/${id}${rest}`;

    const bodyEndpoints: BodyEndpoint[] = [
      {
        name: 'login',
        method: 'POST',
        path: '/api/v1/auth/login',
        valid: () => ({ email: u.requesterA.email, password: TEST_PASSWORD }),
        fields: {
          email: { kind: 'email', required: true },
          password: { kind: 'text', required: true, bad: [''], free: true },
        },
      },
      {
        name: 'create unit',
        method: 'POST',
        path: '/api/v1/units',
        as: u.admin,
        valid: () => ({ code: `HX-${unique()}`, name: 'Dinas Uji Masukan', kind: 'pd', mandiriTik: false }),
        fields: {
          code: { kind: 'code', required: true },
          name: { kind: 'text', required: true, bad: ['ab'], free: true },
          kind: { kind: 'enum', required: true },
          mandiriTik: { kind: 'bool' },
        },
      },
      {
        name: 'update unit',
        method: 'PATCH',
        path: `/api/v1/units/${org.pdB.id}`,
        as: u.admin,
        valid: () => ({ name: 'Dinas B Diubah' }),
        fields: {
          code: { kind: 'code' },
          name: { kind: 'text', bad: ['ab'], free: true },
          kind: { kind: 'enum' },
          mandiriTik: { kind: 'bool' },
        },
      },
      {
        name: 'create team',
        method: 'POST',
        path: '/api/v1/teams',
        as: u.admin,
        valid: () => ({ code: `HX-${unique()}`, name: 'Tim Uji Masukan', security: false }),
        fields: {
          code: { kind: 'code', required: true },
          name: { kind: 'text', required: true, bad: ['ab'], free: true },
          security: { kind: 'bool' },
        },
      },
      {
        name: 'update team',
        method: 'PATCH',
        path: `/api/v1/teams/${org.teams.apps}`,
        as: u.admin,
        valid: () => ({ name: 'Tim Aplikasi Diubah' }),
        fields: {
          code: { kind: 'code' },
          name: { kind: 'text', bad: ['ab', null], free: true },
          security: { kind: 'bool', bad: [null] },
        },
      },
      {
        name: 'create category',
        method: 'POST',
        path: '/api/v1/categories',
        as: u.admin,
        valid: () => ({ code: `HX-${unique()}`, name: 'Kategori Uji', teamId: org.teams.network }),
        fields: {
          code: { kind: 'code', required: true },
          name: { kind: 'text', required: true, bad: ['ab'], free: true },
          teamId: { kind: 'uuid', required: true },
        },
      },
      {
        name: 'update category',
        method: 'PATCH',
        path: `/api/v1/categories/${org.categories.email}`,
        as: u.admin,
        valid: () => ({ name: 'Kategori Surel Diubah' }),
        fields: {
          code: { kind: 'code', bad: [null] },
          name: { kind: 'text', bad: ['ab', null], free: true },
          // null is a valid teamId here (no route); a team that does not exist is not.
          teamId: { kind: 'uuid', bad: [ZERO_UUID] },
        },
      },
      {
        name: 'create user',
        method: 'POST',
        path: '/api/v1/users',
        as: u.admin,
        valid: () => ({
          name: 'Pengguna Uji',
          email: `hx-${unique().toLowerCase()}@test.go.id`,
          password: 'Rahasia#2026!',
          unitId: org.pdA.id,
          roles: ['requester'],
        }),
        fields: {
          name: { kind: 'text', required: true, bad: ['a'], free: true },
          email: { kind: 'email', required: true },
          password: { kind: 'text', required: true, bad: ['short'], free: true },
          nip: { kind: 'nip' },
          unitId: { kind: 'uuid', required: true },
          roles: { kind: 'roles', required: true },
          teamIds: { kind: 'uuids' },
          locale: { kind: 'locale' },
        },
      },
      {
        name: 'update user',
        method: 'PATCH',
        path: `/api/v1/users/${u.requesterA2.id}`,
        as: u.admin,
        valid: () => ({ name: 'Pengguna A2' }),
        fields: {
          name: { kind: 'text', bad: ['a'], free: true },
          password: { kind: 'text', bad: ['short'] },
          nip: { kind: 'nip' },
          unitId: { kind: 'uuid' },
          roles: { kind: 'roles' },
          teamIds: { kind: 'uuids' },
          locale: { kind: 'locale' },
          active: { kind: 'bool' },
        },
      },
      {
        name: 'create ticket',
        method: 'POST',
        path: '/api/v1/tickets',
        as: u.requesterA,
        valid: () => validTicket(),
        fields: {
          kind: { kind: 'enum', required: true },
          title: { kind: 'text', required: true, bad: ['abc', '        '], free: true },
          description: { kind: 'text', required: true, bad: ['short', 'x'.repeat(20_001)], free: true },
          categoryId: { kind: 'uuid' },
          impact: { kind: 'level', required: true },
          urgency: { kind: 'level', required: true },
          channel: { kind: 'enum' },
          requesterId: { kind: 'uuid' },
        },
      },
      {
        name: 'update ticket',
        method: 'PATCH',
        path: T(ticket.main),
        as: u.tier1A,
        valid: () => ({ title: 'Judul tiket diperbarui', version: 1 }),
        fields: {
          title: { kind: 'text', bad: ['abc'], free: true },
          description: { kind: 'text', bad: ['short'], free: true },
          categoryId: { kind: 'uuid' },
          impact: { kind: 'level' },
          urgency: { kind: 'level' },
          version: { kind: 'int', required: true },
        },
      },
      {
        name: 'assign',
        method: 'POST',
        path: T(ticket.main, '/assign'),
        as: u.tier1A,
        valid: () => ({ assigneeId: u.tier1A2.id }),
        fields: { assigneeId: { kind: 'uuid', required: true }, version: { kind: 'int' } },
      },
      ...(['claim', 'start', 'resume', 'close'] as const).map((action): BodyEndpoint => ({
        name: action,
        method: 'POST',
        path: T(ticket.main, `/${action}`),
        as: action === 'close' ? u.requesterA : u.tier1A,
        valid: () => ({}),
        fields: { version: { kind: 'int' } },
      })),
      ...(['pend', 'reopen', 'cancel'] as const).map((action): BodyEndpoint => ({
        name: action,
        method: 'POST',
        path: T(action === 'cancel' ? ticket.cancel : ticket.main, `/${action}`),
        as: u.tier1A,
        valid: () => ({ reason: 'Menunggu suku cadang' }),
        fields: {
          reason: { kind: 'text', required: true, bad: ['ab', '   '], free: true },
          version: { kind: 'int' },
        },
      })),
      {
        name: 'resolve',
        method: 'POST',
        path: T(ticket.main, '/resolve'),
        as: u.tier1A,
        valid: () => ({ resolution: 'Kabel jaringan diganti' }),
        fields: {
          resolution: { kind: 'text', required: true, bad: ['abcd'], free: true },
          version: { kind: 'int' },
        },
      },
      {
        name: 'comment',
        method: 'POST',
        path: T(ticket.upload, '/comments'),
        as: u.requesterA,
        valid: () => ({ body: 'Masih belum bisa', internal: false }),
        fields: {
          body: { kind: 'text', required: true, bad: ['', '   '], free: true },
          internal: { kind: 'bool' },
        },
      },
      {
        name: 'rating',
        method: 'POST',
        path: T(ticket.rating, '/rating'),
        as: u.requesterA,
        valid: () => ({ score: 4 }),
        fields: { score: { kind: 'score', required: true }, comment: { kind: 'text', free: true } },
      },
      {
        name: 'escalate',
        method: 'POST',
        path: T(ticket.escalate, '/escalate'),
        as: u.tier1A,
        valid: () => ({ teamId: org.teams.network, reason: 'Butuh Tier 2' }),
        fields: {
          teamId: { kind: 'uuid' },
          reason: { kind: 'text', required: true, free: true, bad: ['', '   ', 'pendek'] },
        },
      },
      {
        name: 'return',
        method: 'POST',
        path: T(ticket.escalated, '/return'),
        as: u.tier2,
        valid: () => ({ notes: 'Kembalikan ke Tier 1' }),
        fields: { notes: { kind: 'text', required: true, free: true, bad: ['', '   '] } },
      },
      {
        name: 'create article',
        method: 'POST',
        path: '/api/v1/kb/articles',
        as: u.tier1A,
        valid: () => ({
          title: 'Cara menyambungkan Wi-Fi',
          body: 'Pilih jaringan kantor.',
          kind: 'howto',
          visibility: 'public',
        }),
        fields: {
          title: { kind: 'text', required: true, free: true, bad: ['', 'abc'] },
          body: { kind: 'text', required: true, free: true, bad: [''] },
          kind: { kind: 'enum', required: true },
          visibility: { kind: 'enum', required: true },
          categoryId: { kind: 'uuid' },
          reviewBy: { kind: 'text', bad: ['2026-13-01', 'besok'] },
          symptom: { kind: 'text', free: true },
        },
      },
      {
        name: 'edit article',
        method: 'PATCH',
        path: `/api/v1/kb/articles/${kbArticle}`,
        as: u.supervisor,
        valid: () => ({ title: 'Printer tidak bisa mencetak dokumen', version: 1 }),
        fields: {
          version: { kind: 'int', required: true },
          title: { kind: 'text', bad: ['', 'abc'] },
          kind: { kind: 'enum' },
          visibility: { kind: 'enum' },
        },
      },
      {
        name: 'article feedback',
        method: 'POST',
        path: `/api/v1/kb/articles/${kbArticle}/feedback`,
        as: u.requesterA,
        valid: () => ({ helpful: true }),
        fields: { helpful: { kind: 'bool', required: true } },
      },
      {
        name: 'pend until',
        method: 'POST',
        path: T(ticket.main, '/pend'),
        as: u.tier1A,
        valid: () => ({ reason: 'Menunggu vendor', until: new Date(Date.now() + 86_400_000).toISOString() }),
        fields: { until: { kind: 'text', bad: ['besok', '2020-01-01T00:00:00Z', '2026-13-45T99:00:00Z'] } },
      },
      {
        name: 'link',
        method: 'POST',
        path: T(ticket.main, '/links'),
        as: u.tier1A,
        valid: () => ({ type: 'related', ticketId: ticket.cancel }),
        fields: { type: { kind: 'enum', required: true }, ticketId: { kind: 'uuid', required: true } },
      },
      {
        name: 'bulk',
        method: 'POST',
        path: '/api/v1/tickets/bulk',
        as: u.tier1A,
        valid: () => ({ ids: [ticket.otherPd], action: 'start' }),
        fields: { ids: { kind: 'uuid', required: true }, action: { kind: 'enum', required: true } },
      },
      {
        name: 'reply template',
        method: 'POST',
        path: '/api/v1/reply-templates',
        as: u.tier1A,
        valid: () => ({ name: `Templat ${unique()}`, body: 'Halo {{requester.name}}', scope: 'personal' }),
        fields: {
          name: { kind: 'text', required: true, bad: ['ab', 'x'.repeat(121)], free: true },
          body: { kind: 'text', required: true, bad: ['', '  '] },
          scope: { kind: 'enum', required: true },
          teamId: { kind: 'uuid' },
        },
      },
      {
        name: 'my contact',
        method: 'PATCH',
        path: '/api/v1/users/me/contact',
        as: u.requesterA2,
        valid: () => ({ phone: '0812 3456 7890' }),
        fields: {
          phone: { kind: 'text', bad: ['telepon saya', '1234', '+62 811 ' + '1'.repeat(30)] },
          locationRoom: { kind: 'text', bad: ['x'.repeat(101)] },
          locationFloor: { kind: 'text', bad: ['x'.repeat(31)] },
        },
      },
      {
        name: 'overview',
        method: 'POST',
        path: '/api/v1/ticket-overviews',
        as: u.tier1A,
        valid: () => ({ name: `Ikhtisar ${unique()}`, query: { status: 'open' } }),
        fields: { name: { kind: 'text', required: true, bad: ['ab', 'x'.repeat(81)] } },
      },
      {
        name: 'convert-to-incident',
        method: 'POST',
        path: T(ticket.main, '/convert-to-incident'),
        as: u.tier1A,
        valid: () => ({ category: 'phishing', severity: 'high' }),
        fields: {
          category: { kind: 'enum', required: true },
          severity: { kind: 'enum', required: true },
        },
      },
    ];

    // 1. Every body endpoint x every field x wrong types, missing fields, unknown fields, hostile strings.
    for (const ep of bodyEndpoints) {
      const as = ep.as;
      const base = { method: ep.method, path: ep.path, as };
      const check = (fields: string[]) => (ep.planned ? {} : { status: [400], fields });
      // A route that does not exist yet answers 404 before any guard or pipe.
      const refused = !ep.planned;
      const required = Object.entries(ep.fields)
        .filter(([, f]) => f.required)
        .map(([k]) => k);

      for (const [field, spec] of Object.entries(ep.fields)) {
        const wrong = [...WRONG[spec.kind], ...(spec.bad ?? []), ...(spec.required ? [null] : [])];
        for (const value of wrong) {
          probes.push({
            ...base,
            label: `${ep.name}: ${field} = wrong ${spec.kind}`,
            json: { ...ep.valid(), [field]: value },
            refused,
            ...check([field]),
          });
        }
        if (spec.required) {
          const body = ep.valid();
          delete body[field];
          probes.push({
            ...base,
            label: `${ep.name}: missing ${field}`,
            json: body,
            refused,
            ...check([field]),
          });
        }
        if (spec.free) {
          const values =
            field === 'password' ? HOSTILE_STRINGS.filter((_, i) => i % 4 === 0) : HOSTILE_STRINGS;
          for (const value of values) {
            // PostgreSQL text cannot hold NUL: refused up front, with the field named.
            const nul = value.includes('\u0000') ? { refused, ...check([field]) } : {};
            probes.push({
              ...base,
              label: `${ep.name}: hostile string in ${field}`,
              json: { ...ep.valid(), [field]: value },
              ...nul,
            });
          }
        }
      }
      if (required.length)
        probes.push({ ...base, label: `${ep.name}: empty object`, json: {}, refused, ...check(required) });
      for (const extra of [
        'isAdmin',
        'id',
        'createdAt',
        'passwordHash',
        'status',
        'unitKind',
        '$where',
        'a.b',
      ]) {
        if (extra in ep.fields) continue;
        probes.push({
          ...base,
          label: `${ep.name}: unknown field ${extra}`,
          json: { ...ep.valid(), [extra]: true },
          refused,
          ...check([extra]),
        });
      }
      const validText = JSON.stringify(ep.valid());
      for (const [label, key] of [
        ['__proto__ key', '__proto__'],
        ['constructor.prototype key', 'constructor'],
      ] as const) {
        const value =
          key === '__proto__' ? '{"polluted":"yes","roles":["admin"]}' : '{"prototype":{"polluted":"yes"}}';
        const raw = Buffer.from(
          `${validText.slice(0, -1)}${validText.length > 2 ? ',' : ''}"${key}":${value}}`,
        );
        probes.push({ ...base, label: `${ep.name}: ${label}`, raw, headers: JSON_TYPE });
      }
      for (const shape of shapes(ep.valid())) {
        probes.push({
          ...base,
          label: `${ep.name}: ${shape.label}`,
          raw: shape.raw,
          headers: shape.headers,
          refused: refused && (shape.always || required.length > 0),
          ...(shape.status && refused ? { status: shape.status } : {}),
        });
      }
      if (as) {
        probes.push({
          ...base,
          as: undefined,
          label: `${ep.name}: no token, valid body`,
          json: ep.valid(),
          ...(refused ? { refused, status: [401] } : {}),
        });
      }
    }

    // 2. Wrong users: admin routes as a requester (403), tickets of PD A as a PD B requester (404).
    for (const ep of bodyEndpoints.filter((e) => e.as === u.admin)) {
      probes.push({
        label: `${ep.name}: as a requester`,
        method: ep.method,
        path: ep.path,
        as: u.requesterA,
        json: ep.valid(),
        refused: true,
        status: [403],
      });
    }
    // Bulk answers 200 with a result per ticket (a hidden one is "not found" there): see desk-tools.
    const oneTicket = (e: BodyEndpoint) => e.path.startsWith('/api/v1/tickets/') && e.name !== 'bulk';
    for (const ep of bodyEndpoints.filter((e) => oneTicket(e) && !e.planned)) {
      probes.push({
        label: `${ep.name}: as a requester of another PD`,
        method: ep.method,
        path: ep.path,
        as: u.requesterB,
        json: ep.valid(),
        refused: true,
        status: [404],
      });
    }

    // 3. Path tricks on every route with an id.
    const ACTION_BODIES: Record<string, unknown> = {
      assign: { assigneeId: u.tier1A2.id },
      pend: { reason: 'Alasan yang cukup' },
      reopen: { reason: 'Alasan yang cukup' },
      cancel: { reason: 'Alasan yang cukup' },
      resolve: { resolution: 'Penyelesaian masalah' },
      escalate: { reason: 'Butuh Tier 2' },
      return: { notes: 'Kembalikan' },
    };
    const idRoutes: { method: string; path: (id: string) => string; as: TestUser; json?: unknown }[] = [
      { method: 'GET', path: (id) => T(id), as: u.tier1A },
      {
        method: 'PATCH',
        path: (id) => T(id),
        as: u.tier1A,
        json: { title: 'Judul tiket diperbarui', version: 1 },
      },
      ...[
        'assign',
        'claim',
        'start',
        'pend',
        'resume',
        'resolve',
        'reopen',
        'close',
        'cancel',
        'escalate',
        'return',
        'convert-to-incident',
      ].map((a) => ({
        method: 'POST',
        path: (id: string) => T(id, `/${a}`),
        as: u.tier1A,
        json: ACTION_BODIES[a] ?? {},
      })),
      { method: 'GET', path: (id) => T(id, '/comments'), as: u.requesterA },
      { method: 'POST', path: (id) => T(id, '/comments'), as: u.requesterA, json: { body: 'Komentar uji' } },
      { method: 'GET', path: (id) => T(id, '/attachments'), as: u.requesterA },
      { method: 'GET', path: (id) => T(id, `/attachments/${attachmentId}`), as: u.requesterA },
      { method: 'GET', path: (id) => T(ticket.upload, `/attachments/${id}`), as: u.requesterA },
      { method: 'GET', path: (id) => T(id, '/history'), as: u.tier1A },
      { method: 'POST', path: (id) => T(id, '/rating'), as: u.requesterA, json: { score: 5 } },
      { method: 'GET', path: (id) => `/api/v1/units/${id}`, as: u.requesterA },
      { method: 'PATCH', path: (id) => `/api/v1/units/${id}`, as: u.admin, json: { name: 'Nama Baru' } },
      { method: 'PATCH', path: (id) => `/api/v1/teams/${id}`, as: u.admin, json: { name: 'Nama Baru' } },
      {
        method: 'PATCH',
        path: (id) => `/api/v1/categories/${id}`,
        as: u.admin,
        json: { name: 'Nama Baru' },
      },
      { method: 'GET', path: (id) => `/api/v1/users/${id}`, as: u.admin },
      { method: 'PATCH', path: (id) => `/api/v1/users/${id}`, as: u.admin, json: { name: 'Nama Baru' } },
      { method: 'GET', path: (id) => `/api/v1/dev/mail/${id}`, as: u.admin },
    ];
    const badIds = [
      'not-a-uuid',
      '..%2f..%2fetc%2fpasswd',
      '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '..%5c..%5cwindows%5cwin.ini',
      '..%252f..%252fetc%252fpasswd',
      '....//....//etc/passwd',
      '../../etc/passwd',
      '%00',
      'x%00y',
      `${ZERO_UUID}%00`,
      `${ZERO_UUID}%00.json`,
      '%ZZ',
      '%',
      '%E0%A4%A',
      '%FF%FE%FD',
      '\xff\xfe\xc3\x28',
      'A'.repeat(8000),
      `${ZERO_UUID.repeat(100)}`,
      "'%20OR%201%3D1%20--",
      '%27%3B%20DROP%20TABLE%20ticket%3B%20--',
      '1%20OR%201=1',
      '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      ZERO_UUID,
      ZERO_UUID.replace(/0/g, 'f'),
      ticket.otherPd,
      ticket.otherPd.toUpperCase(),
      `{${ticket.otherPd}}`,
      `${ticket.otherPd}%20`,
      'null',
      'undefined',
      '-1',
      '1e9',
      '0x1',
      '*',
      ';',
      '.',
      '%2e',
      '%20',
      '+',
      '[object%20Object]',
      '__proto__',
      'constructor',
    ];
    for (const route of idRoutes) {
      for (const id of badIds) {
        probes.push({
          label: 'path trick',
          method: route.method,
          path: route.path(id),
          as: route.as,
          ...(route.json ? { json: route.json } : {}),
          refused: true,
          // a path param that cannot be decoded is a 400; any other bad id cannot exist: 404
          status: [400, 404],
        });
      }
    }
    for (const path of [
      '/api/v1/../v1/tickets',
      '/api/v1/./tickets',
      '/api/v1//tickets',
      '/api/v1/tickets/',
      '/API/V1/TICKETS',
      '/api/v1/tickets;jsessionid=x',
      '/api/v1/tickets%2f',
      '/api/v1%00/tickets',
      '/api/v1/tickets%00',
      '/api/v1/%2e%2e/%2e%2e/etc/passwd',
      '/api/v1/tickets/%ZZ/comments',
      '/api/v1/tickets/..;/..;/etc/passwd',
      '/api/v1/tickets#fragment',
      '/api/v1/tickets\\..\\..\\windows',
      '/api/v1/\xff\xfe',
      '/api/v1/units/..%2fusers',
      '/api/v1/dev/mail/..%2f..%2f..%2fetc%2fpasswd',
      '/api/v1/dev/mail/....%2f....%2fpackage',
      '/api/v1/nope',
      '/api/v1/tickets/x/y/z/w',
    ]) {
      probes.push({ label: 'prefix trick', method: 'GET', path, as: u.tier1A });
      probes.push({ label: 'prefix trick, no token', method: 'GET', path });
    }

    // 4. Query strings: arrays, out-of-range numbers, crafted cursors, bad encodings, injections.
    // Percent-encodes the UTF-8 bytes (encodeURIComponent throws on lone surrogates).
    const enc = (s: string) =>
      [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
    const cursor = (...parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const ticketQueries: [string, string?][] = [
      ['status=bogus', 'status'],
      ['status=new,bogus', 'status'],
      ['status[]=new&status[]=open', 'status[]'],
      ['status=%00', 'status'],
      [`status=${enc("new' OR 1=1 --")}`, 'status'],
      ['status=new&status=bogus', 'status'],
      ['limit=-1', 'limit'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=1e9', 'limit'],
      ['limit=99999999999999999999', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=', 'limit'],
      ['limit=%20%31', 'limit'],
      ['limit=0x10', 'limit'],
      ['limit=1&limit=2', 'limit'],
      ['limit=Infinity', 'limit'],
      ['tier=3', 'tier'],
      ['tier=abc', 'tier'],
      ['tier=1e0', 'tier'],
      ['unitId=not-a-uuid', 'unitId'],
      [`unitId=${enc("' OR 1=1 --")}`, 'unitId'],
      ['teamId=..%2f..%2f', 'teamId'],
      ['kind=bogus', 'kind'],
      ['priority=P9', 'priority'],
      ['priority=p1', 'priority'],
      ['assignee=admin', 'assignee'],
      ['breached=yes', 'breached'],
      [`sort=${enc('created; DROP TABLE ticket')}`, 'sort'],
      ['sort=created%20DESC', 'sort'],
      ['cursor=garbage', 'cursor'],
      [`cursor=${'A'.repeat(501)}`, 'cursor'],
      ['cursor=%00', 'cursor'],
      ['cursor=%FF%FE', 'cursor'],
      [`cursor=${cursor('created', "2020-01-01' OR 1=1 --", ZERO_UUID)}`, 'cursor'],
      [`cursor=${cursor('due', 'infinity', ZERO_UUID)}`, 'cursor'],
      [`cursor=${cursor('created', 'infinity', ZERO_UUID)}`],
      [`cursor=${cursor('created', '1', ZERO_UUID)}`],
      [`cursor=${cursor('created', '275760-09-13', ZERO_UUID)}`],
      [`cursor=${cursor('created', '2020-13-45', ZERO_UUID)}`],
      [`cursor=${cursor('created', '2020-01-01', '------------------------------------')}`],
      [
        `sort=due&cursor=${cursor('due', 'Sat, 01 Jan 2000 00:00:00 GMT', 'ffffffff-ffff-ffff-ffff-ffffffffffff')}`,
      ],
      [`cursor=${cursor('created', { $gt: '' }, ZERO_UUID)}`, 'cursor'],
      [`cursor=${cursor('created')}`, 'cursor'],
      [`cursor=${Buffer.from('{"__proto__":{"polluted":1}}').toString('base64url')}`, 'cursor'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['q[]=a', 'q[]'],
      ['q=a&q=b', 'q'],
      ['foo=bar', 'foo'],
      ['__proto__[polluted]=1'],
      ['constructor[prototype][polluted]=1'],
      ['q=%FF%FE%FD'],
      ['q=%ZZ'],
      ['q=%00', 'q'],
      ['q=%25'],
      ['q=_'],
      ['q=%5C'],
      ['q=\xff\xfe'],
      [`${'a=1&'.repeat(2000)}`, 'a'],
      ...HOSTILE_STRINGS.filter((s) => s.length <= 200).map((s): [string] => [`q=${enc(s)}`]),
      ['categoryId=x', 'categoryId'],
      [`requesterId=${enc("' OR 1=1 --")}`, 'requesterId'],
      ['createdFrom=kemarin', 'createdFrom'],
      ['createdTo=%00', 'createdTo'],
      ['createdFrom=2026-05-01&createdTo=2026-04-01', 'createdTo'],
      ['q=TIK-2026-%25'],
      ['q=000000000000000000000001'],
    ];
    // Ticket numbers and links by any string: never a 5xx, never a leak.
    for (const s of [
      ...HOSTILE_STRINGS.filter((x, i) => x.length <= 200 && i % 3 === 0),
      'TIK-1999-000001',
      'tik-9999-999999999',
    ]) {
      probes.push({
        label: 'ticket by number',
        method: 'GET',
        path: `/api/v1/tickets/by-number/${enc(s)}`,
        as: u.tier1A,
        status: [404],
      });
    }
    for (const path of [
      T(ticket.main, '/links/not-a-uuid'),
      T(ticket.main, `/links/${ZERO_UUID}`),
      '/api/v1/reply-templates/not-a-uuid',
      `/api/v1/reply-templates/${ZERO_UUID}`,
      `/api/v1/ticket-overviews/${ZERO_UUID}`,
    ]) {
      probes.push({ label: 'delete missing', method: 'DELETE', path, as: u.tier1A, status: [404] });
    }
    for (const query of ['ticketId=x', `ticketId=${enc("' OR 1=1 --")}`, 'ticketId=%00']) {
      probes.push({
        label: 'reply templates query',
        method: 'GET',
        path: `/api/v1/reply-templates?${query}`,
        as: u.tier1A,
        refused: true,
        status: [400],
        fields: ['ticketId'],
      });
    }
    for (const [query, field] of ticketQueries) {
      for (const as of [u.requesterA, u.tier1A]) {
        probes.push({
          label: 'tickets query',
          method: 'GET',
          path: `/api/v1/tickets?${query}`,
          as,
          ...(field ? { refused: true, status: [400], fields: [field] } : {}),
        });
      }
    }
    const userQueries: [string, string?][] = [
      ['unitId=x', 'unitId'],
      [`unitId=${enc("' OR 1=1 --")}`, 'unitId'],
      ['role=superuser', 'role'],
      ['role=admin&role=tier1', 'role'],
      ['role[]=admin', 'role[]'],
      ['role=%00', 'role'],
      ['limit=1', 'limit'],
      [`unitId=${org.pdA.id}&role=requester`],
    ];
    for (const [query, field] of userQueries) {
      probes.push({
        label: 'users query',
        method: 'GET',
        path: `/api/v1/users?${query}`,
        as: u.admin,
        ...(field ? { refused: true, status: [400], fields: [field] } : {}),
      });
    }
    for (const path of [
      '/api/v1/units',
      '/api/v1/teams',
      '/api/v1/categories',
      '/api/v1/region',
      '/api/v1/auth/me',
      '/api/v1/dev/mail',
    ]) {
      for (const query of ['x=%00', `q=${enc("' OR 1=1 --")}`, 'a[b][c]=1', '%ZZ=%ZZ', '\xff=\xfe']) {
        probes.push({
          label: 'query on a listing without filters',
          method: 'GET',
          path: `${path}?${query}`,
          as: u.admin,
        });
      }
    }

    // 5. Headers: bad tokens on every route, odd Idempotency-Keys, and headers the app reads.
    const jwt = api.app.get(JwtService);
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: u.admin.id })}.`;
    const forged = (() => {
      const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: u.admin.id, iat: 1 })}`;
      return `${head}.${createHmac('sha256', 'secret').update(head).digest('base64url')}`;
    })();
    const authVariants: [string, string | string[]][] = [
      ['empty Authorization', ''],
      ['bare Bearer', 'Bearer'],
      ['Bearer and spaces', 'Bearer    '],
      ['garbage token', 'Bearer garbage'],
      ['three empty parts', 'Bearer ..'],
      ['Basic scheme', 'Basic YWRtaW46YWRtaW4='],
      ['lower-case scheme', `bearer ${u.admin.token}`],
      ['tampered signature', `Bearer ${u.admin.token.slice(0, -2)}xx`],
      ['alg none', `Bearer ${unsigned}`],
      ['signed with another secret', `Bearer ${forged}`],
      ['expired', `Bearer ${jwt.sign({ sub: u.admin.id, exp: Math.floor(Date.now() / 1000) - 60 })}`],
      ['unknown user', `Bearer ${jwt.sign({ sub: randomUUID() })}`],
      ['token without sub', `Bearer ${jwt.sign({ role: 'admin' })}`],
      ['sub that is SQL', `Bearer ${jwt.sign({ sub: "' OR 1=1 --" })}`],
      ['sub that is an object', `Bearer ${jwt.sign({ sub: { $ne: null } } as never)}`],
      ['8 KB token', `Bearer ${'A'.repeat(8000)}`],
      ['latin1 bytes in token', 'Bearer \xff\xfe\xe9'],
      ['SQL in token', "Bearer ' OR 1=1 --"],
      ['two tokens', `Bearer ${u.admin.token} ${u.admin.token}`],
      // Node keeps the first of repeated Authorization headers: a garbage first one must not be rescued.
      ['two Authorization headers', ['Bearer garbage', `Bearer ${u.admin.token}`]],
    ];
    const protectedRoutes: [string, string, unknown?][] = [
      ['GET', '/api/v1/auth/me'],
      ['GET', '/api/v1/region'],
      ['GET', '/api/v1/units'],
      ['POST', '/api/v1/units', { code: 'HX-NOAUTH', name: 'Tanpa token', kind: 'pd' }],
      ['GET', `/api/v1/units/${org.pdA.id}`],
      ['PATCH', `/api/v1/units/${org.pdA.id}`, { name: 'Tanpa token' }],
      ['GET', '/api/v1/teams'],
      ['POST', '/api/v1/teams', { code: 'HX-NOAUTH', name: 'Tanpa token' }],
      ['PATCH', `/api/v1/teams/${org.teams.apps}`, { name: 'Tanpa token' }],
      ['GET', '/api/v1/categories'],
      ['POST', '/api/v1/categories', { code: 'HX-NOAUTH', name: 'Tanpa token', teamId: org.teams.network }],
      ['PATCH', `/api/v1/categories/${org.categories.email}`, { teamId: null }],
      ['GET', '/api/v1/users'],
      [
        'POST',
        '/api/v1/users',
        {
          name: 'Tanpa Token',
          email: 'noauth@test.go.id',
          password: 'Rahasia#2026',
          unitId: org.pdA.id,
          roles: ['admin'],
        },
      ],
      ['GET', `/api/v1/users/${u.admin.id}`],
      ['PATCH', `/api/v1/users/${u.requesterA.id}`, { roles: ['admin'] }],
      ['GET', '/api/v1/tickets'],
      ['POST', '/api/v1/tickets', validTicket()],
      ['GET', T(ticket.main)],
      ['PATCH', T(ticket.main), { title: 'Tanpa token sama sekali', version: 1 }],
      ...['assign', 'claim', 'start', 'pend', 'resume', 'resolve', 'reopen', 'close', 'cancel'].map(
        (a): [string, string, unknown] => ['POST', T(ticket.main, `/${a}`), {}],
      ),
      ['GET', T(ticket.main, '/comments')],
      ['POST', T(ticket.main, '/comments'), { body: 'Tanpa token' }],
      ['GET', T(ticket.upload, '/attachments')],
      ['GET', T(ticket.upload, `/attachments/${attachmentId}`)],
      ['GET', T(ticket.main, '/history')],
      ['POST', T(ticket.rating, '/rating'), { score: 1 }],
      ['GET', '/api/v1/dev/mail'],
      ['GET', '/api/v1/dev/mail/x'],
    ];
    for (const [method, path, json] of protectedRoutes) {
      for (const [label, value] of authVariants) {
        probes.push({
          label: `bad token: ${label}`,
          method,
          path,
          headers: { authorization: value },
          ...(json ? { json } : {}),
          refused: true,
          status: [401],
        });
      }
    }
    for (const [label, value] of authVariants.slice(0, 6)) {
      probes.push({
        label: `login with ${label}`,
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { authorization: value },
        json: { email: u.requesterA.email, password: 'salah-sekali' },
        status: [401],
      });
    }
    const idempotencyKeys: [string, string | string[], boolean][] = [
      ['201 characters', 'k'.repeat(201), true],
      ['8 KB', 'k'.repeat(8000), true],
      ['latin1 letter', 'kunci-\xe9', true],
      ['raw bytes', '\xff\xfe\xfd', true],
      ['only spaces', '   ', true],
      ['inner space', 'a b', true],
      ['SQL with spaces', "' OR 1=1 --", true],
      ['two headers', ['key-one', 'key-two'], true],
      ['tab inside', 'a\tb', true],
      ['SQL without spaces', "';DROP-TABLE-ticket;--", false],
      ['percent escapes', '%00%ZZ', false],
      ['markup', '<script>alert(1)</script>', false],
    ];
    for (const [label, key, bad] of idempotencyKeys) {
      probes.push({
        label: `Idempotency-Key: ${label}`,
        method: 'POST',
        path: '/api/v1/tickets',
        as: u.requesterA,
        headers: { 'idempotency-key': key },
        json: validTicket({ title: `Kunci idempoten ${label}` }),
        ...(bad ? { refused: true, status: [400], fields: ['Idempotency-Key'] } : {}),
      });
    }
    const oddHeaders: [string, Record<string, string>][] = [
      ['odd X-Request-Id', { 'x-request-id': "'; DROP TABLE ticket; --" }],
      ['huge X-Request-Id', { 'x-request-id': 'r'.repeat(8000) }],
      ['garbage X-Forwarded-For', { 'x-forwarded-for': "not-an-ip, ' OR 1=1 --, 999.999.1.1" }],
      ['Accept XML', { accept: 'application/xml' }],
      ['Accept-Language garbage', { 'accept-language': '\xff\xfe;q=abc' }],
      [
        'Content-Type with a huge boundary',
        { 'content-type': `multipart/form-data; boundary=${'b'.repeat(5000)}` },
      ],
      ['Content-Type garbage', { 'content-type': ';;;=\xff' }],
      ['Expect header', { expect: '100-continue' }],
      ['Transfer-Encoding identity', { 'x-http-method-override': 'DELETE' }],
    ];
    for (const [i, [label, headers]] of oddHeaders.entries()) {
      if (i < 3)
        probes.push({
          label,
          method: 'POST',
          path: '/api/v1/auth/login',
          headers,
          json: { email: u.requesterA.email, password: 'bukan-sandi' },
        });
      probes.push({ label, method: 'GET', path: '/api/v1/auth/me', as: u.requesterA, headers });
      probes.push({
        label,
        method: 'GET',
        path: '/api/v1/tickets/not-a-uuid',
        as: u.requesterA,
        headers,
        refused: true,
      });
      probes.push({
        label,
        method: 'POST',
        path: T(ticket.main, '/comments'),
        as: u.requesterA,
        headers,
        json: { body: 12 },
        refused: true,
      });
    }
    // Beyond Node's 16 KB header limit: Node itself answers 431 before the app sees the request.
    probes.push({
      label: 'URL over the header limit',
      method: 'GET',
      path: `/api/v1/tickets?q=${'x'.repeat(20_000)}`,
      as: u.requesterA,
      core: true,
      status: [431],
    });
    probes.push({
      label: 'header over the limit',
      method: 'GET',
      path: '/api/v1/tickets',
      headers: { authorization: `Bearer ${'A'.repeat(20_000)}` },
      core: true,
      status: [431],
    });

    // 6. Methods that do not exist on a route.
    for (const [method, path] of [
      ['DELETE', T(ticket.main)],
      ['PUT', T(ticket.main)],
      ['DELETE', '/api/v1/users/' + u.requesterA.id],
      ['PUT', '/api/v1/units/' + org.pdA.id],
      ['PATCH', '/api/v1/tickets'],
      ['DELETE', '/api/v1/tickets'],
      ['GET', '/api/v1/auth/login'],
      ['POST', '/api/v1/auth/me'],
      ['POST', T(ticket.main, '/history')],
      ['PUT', T(ticket.main, '/comments')],
      ['TRACE', '/api/v1/tickets'],
    ]) {
      probes.push({
        label: 'method not on the route',
        method,
        path,
        as: u.admin,
        json: {},
        status: [404, 405],
      });
    }

    // Knowledge-base search and suggest: tsquery operators, quotes, bad UTF-8 and 10,000 characters
    // answer 200 (nothing searchable is no results) or 400 naming q, never 500.
    for (const route of ['search', 'suggest']) {
      for (const q of [
        "' OR 1=1 --",
        'printer & | ! <-> :* ()',
        '"printer" \'bisa\'',
        '!!!',
        ':*',
        '\\',
        '漢字 🚑 العربية',
        'lone \ud800 surrogate',
      ]) {
        probes.push({
          label: `kb ${route}: hostile q`,
          method: 'GET',
          path: `/api/v1/kb/${route}?q=${enc(q)}`,
          as: u.requesterA,
          status: [200],
        });
      }
      for (const raw of ['%C3%28', '%FF%FE%FD', '%ZZ', '%E2%82']) {
        probes.push({
          label: `kb ${route}: bad UTF-8 in q`,
          method: 'GET',
          path: `/api/v1/kb/${route}?q=${raw}`,
          as: u.requesterA,
          status: [200, 400],
        });
      }
      for (const q of ['x'.repeat(10_000), '%00', 'nul%00byte']) {
        probes.push({
          label: `kb ${route}: q too long or NUL`,
          method: 'GET',
          path: `/api/v1/kb/${route}?q=${q}`,
          as: u.requesterA,
          status: [400],
          fields: ['q'],
        });
      }
      probes.push({
        label: `kb ${route}: q twice`,
        method: 'GET',
        path: `/api/v1/kb/${route}?q=a&q=b`,
        as: u.requesterA,
        status: [400],
        fields: ['q'],
      });
    }

    // 7. Endpoints of the OpenAPI document at /api/docs not built yet: swept for 5xx and the error shape.
    for (const [method, path, json] of [
      [
        'PUT',
        '/api/v1/calendar',
        {
          timezone: "Asia/Makassar'; DROP TABLE ticket; --",
          hours: { mon: [['25:00', 'x']] },
          holidays: [{ date: 'x' }],
        },
      ],
      ['POST', '/api/v1/sla-policies', { name: HUGE }],
      ['POST', `/api/v1/queues/${ZERO_UUID}/next`, {}],
      ['POST', `/api/v1/queues/%ZZ/next`, {}],
      ['POST', '/api/v1/incidents', { title: '<script>alert(1)</script>' }],
      ['POST', `/api/v1/incidents/${ZERO_UUID}/phase`, { phase: "' OR 1=1 --" }],
      ['GET', '/api/v1/reports/sla?from=garbage&to=%ZZ&format=exe', undefined],
      ['POST', '/api/v1/report-subscriptions', { recipients: ["' OR 1=1 --"], frequency: 'hourly' }],
    ] as [string, string, unknown][]) {
      probes.push({ label: 'planned endpoint', method, path, as: u.admin, ...(json ? { json } : {}) });
      probes.push({ label: 'planned endpoint, no token', method, path, ...(json ? { json } : {}) });
    }

    // 8. Attachments: missing file, refused types, traversal names, too large, broken multipart.
    const upload = (id: string) => T(id, '/attachments');
    const pdf = Buffer.from('%PDF-1.4\n%hostile\n');
    const uploads: {
      label: string;
      parts?: Parameters<typeof multipart>[0];
      raw?: Buffer;
      headers?: Record<string, string>;
      as?: TestUser;
      id?: string;
      refused?: boolean;
      status?: number[];
      fields?: string[];
    }[] = [
      {
        label: 'valid pdf',
        parts: [{ filename: 'laporan.pdf', type: 'application/pdf', data: pdf }],
        status: [201],
      },
      {
        label: 'missing file',
        parts: [{ name: 'internal', data: 'false' }],
        refused: true,
        status: [400],
        fields: ['file'],
      },
      {
        label: 'no parts at all',
        raw: Buffer.from('--HostileBoundary7MA4YWxkTrZu0gW--\r\n'),
        refused: true,
        status: [400],
        fields: ['file'],
      },
      {
        label: 'file under another field name',
        parts: [{ name: 'upload', filename: 'a.pdf', type: 'application/pdf', data: pdf }],
        refused: true,
        status: [400],
      },
      {
        label: 'two files',
        parts: [
          { filename: 'a.pdf', data: pdf },
          { filename: 'b.pdf', data: pdf },
        ],
        refused: true,
        status: [400],
      },
      ...[
        'evil.exe',
        'page.html',
        'page.htm',
        'image.svg',
        'script.js',
        'run.sh',
        'run.bat',
        'lib.dll',
        'noext',
        '.pdf',
        'x.pdf.exe',
        '/etc/passwd',
        '..',
        '.',
        'x.PhP',
      ].map((name) => ({
        label: `refused type ${name}`,
        parts: [{ filename: name, type: 'application/pdf', data: pdf }],
        refused: true,
        // "." and ".." too: a name without an allowed extension is refused by type
        status: [415],
        fields: ['file'],
      })),
      {
        label: 'NUL byte before .exe',
        parts: [{ filename: Buffer.from('evil.pdf\x00.exe', 'latin1'), data: pdf }],
        refused: true,
        status: [400, 415],
      },
      {
        label: 'RFC 5987 right-to-left override name',
        parts: [{ data: pdf, disposition: `form-data; name="file"; filename*=UTF-8''%E2%80%AEfdp.exe` }],
        refused: true,
        status: [400, 415],
      },
      {
        label: 'traversal name ../../etc/passwd.pdf',
        parts: [{ filename: '../../etc/passwd.pdf', data: pdf }],
        status: [201],
      },
      {
        label: 'traversal name ..\\..\\win.ini.txt',
        parts: [{ filename: '..\\..\\windows\\win.ini.txt', data: 'x' }],
        status: [201],
      },
      {
        label: 'absolute name /tmp/x.pdf',
        parts: [{ filename: '/tmp/hostile-absolute.pdf', data: pdf }],
        status: [201],
      },
      {
        label: 'encoded traversal name',
        parts: [{ filename: '..%2f..%2fetc%2fpasswd.pdf', data: pdf }],
        status: [201],
      },
      {
        label: 'script in the name',
        parts: [{ filename: '<script>alert(1)</script>.pdf', data: pdf }],
        status: [201],
      },
      {
        label: 'SQL in the name',
        parts: [{ filename: "'; DROP TABLE ticket_attachment; --.pdf", data: pdf }],
        status: [201],
      },
      {
        label: 'latin1 bytes in the name',
        parts: [{ filename: Buffer.from('laporan-\xff\xfe.pdf', 'latin1'), data: pdf }],
        status: [201],
      },
      {
        label: '5000-character name',
        parts: [{ filename: `${'n'.repeat(5000)}.pdf`, data: pdf }],
        status: [201],
      },
      {
        // The bytes decide, not the name or the declared type: an executable named .pdf is refused.
        label: 'lying part content type',
        parts: [{ filename: 'a.pdf', type: 'application/x-msdownload', data: Buffer.from('MZ\x90\x00') }],
        refused: true,
        status: [415],
      },
      { label: 'empty file', parts: [{ filename: 'empty.pdf', data: Buffer.alloc(0) }] },
      {
        label: 'file over 10 MB',
        parts: [
          { filename: 'big.pdf', type: 'application/pdf', data: Buffer.alloc(10 * 1024 * 1024 + 1024, 0x20) },
        ],
        refused: true,
        status: [413],
      },
      {
        label: 'internal file as the requester',
        parts: [
          { name: 'internal', data: 'true' },
          { filename: 'a.pdf', data: pdf },
        ],
        refused: true,
        status: [403],
      },
      {
        label: 'internal field over 1 KB',
        parts: [
          { name: 'internal', data: 'x'.repeat(2000) },
          { filename: 'a.pdf', data: pdf },
        ],
        refused: true,
        status: [400],
      },
      {
        label: 'too many fields',
        parts: [
          ...Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, data: 'x' })),
          { filename: 'a.pdf', data: pdf },
        ],
        refused: true,
        status: [400],
      },
      {
        label: 'unknown fields beside the file',
        parts: [
          { name: 'isAdmin', data: 'true' },
          { filename: 'a.pdf', data: pdf },
        ],
      },
      {
        label: 'array field names',
        parts: [
          { name: 'internal[0][1][2]', data: 'true' },
          { filename: 'a.pdf', data: pdf },
        ],
      },
      {
        label: '__proto__ field',
        parts: [
          { name: '__proto__[polluted]', data: 'yes' },
          { filename: 'a.pdf', data: pdf },
        ],
      },
      {
        label: 'no boundary parameter',
        raw: multipart([{ filename: 'a.pdf', data: pdf }]),
        headers: { 'content-type': 'multipart/form-data' },
        refused: true,
        status: [400],
      },
      {
        label: 'wrong boundary',
        raw: multipart([{ filename: 'a.pdf', data: pdf }]),
        headers: MULTIPART_TYPE('SomethingElse'),
        refused: true,
        status: [400],
      },
      {
        label: 'truncated multipart',
        raw: multipart([{ filename: 'a.pdf', data: pdf }], undefined, false).subarray(0, 120),
        refused: true,
        status: [400],
      },
      {
        label: 'part without a disposition',
        raw: Buffer.from(
          '--HostileBoundary7MA4YWxkTrZu0gW\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--HostileBoundary7MA4YWxkTrZu0gW--\r\n',
        ),
        refused: true,
        status: [400],
      },
      {
        label: 'malformed part header',
        raw: Buffer.from(
          '--HostileBoundary7MA4YWxkTrZu0gW\r\n\xff\xfe garbage without colon\r\n\r\n%PDF\r\n--HostileBoundary7MA4YWxkTrZu0gW--\r\n',
          'latin1',
        ),
        refused: true,
        status: [400],
      },
      {
        label: 'garbage body',
        raw: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]),
        refused: true,
        status: [400],
      },
      {
        label: 'JSON instead of multipart',
        raw: Buffer.from('{"file":"../../etc/passwd"}'),
        headers: JSON_TYPE,
        refused: true,
        status: [400],
        fields: ['file'],
      },
      {
        label: 'text/plain instead of multipart',
        raw: Buffer.from('%PDF-1.4'),
        headers: { 'content-type': 'text/plain' },
        refused: true,
        status: [400],
        fields: ['file'],
      },
      {
        label: 'multipart/mixed',
        raw: multipart([{ filename: 'a.pdf', data: pdf }]),
        headers: { 'content-type': 'multipart/mixed; boundary=HostileBoundary7MA4YWxkTrZu0gW' },
        refused: true,
        status: [400, 415],
      },
      {
        label: 'ticket of another PD',
        parts: [{ filename: 'a.pdf', data: pdf }],
        id: ticket.otherPd,
        refused: true,
        status: [404],
      },
      {
        label: 'ticket that does not exist',
        parts: [{ filename: 'a.pdf', data: pdf }],
        id: ZERO_UUID,
        refused: true,
        status: [404],
      },
      {
        label: 'bad ticket id',
        parts: [{ filename: 'a.pdf', data: pdf }],
        id: '..%2f..%2fetc',
        refused: true,
        status: [404],
      },
      {
        label: 'no token',
        parts: [{ filename: 'a.pdf', data: pdf }],
        as: undefined,
        refused: true,
        status: [401],
      },
    ];
    for (const up of uploads) {
      probes.push({
        label: `upload: ${up.label}`,
        method: 'POST',
        path: upload(up.id ?? ticket.upload),
        as: 'as' in up ? up.as : u.requesterA,
        raw: up.raw ?? multipart(up.parts!),
        headers: up.headers ?? MULTIPART_TYPE(),
        refused: up.refused,
        status: up.status,
        fields: up.fields,
      });
    }

    // 9. Outside /api/v1: health, readiness and the web fallback must shrug off the same tricks.
    for (const path of [
      '/health?x=%00',
      '/ready?%ZZ',
      '/..%2f..%2fetc%2fpasswd',
      '/%ZZ',
      '/api/docs/..%2f..%2fpackage.json',
      '/\xff\xfe',
    ]) {
      probes.push({ label: 'outside the api', method: 'GET', path });
    }
    // Raw (not percent-encoded) bytes above 0x7f in the request target: Node's HTTP parser answers a
    // bare 400 and closes the connection before the app sees the request.
    for (const p of probes) {
      if (/[\x80-\xff]/.test(p.path)) Object.assign(p, { core: true, status: [400], fields: undefined });
    }
    return probes;
  }

  // -------------------------------------------------------------------------------------------------
  // Assertions
  // -------------------------------------------------------------------------------------------------

  const report = (list: Outcome[], why: (o: Outcome) => string) =>
    list.map((o) => {
      const stack = o.requestId ? loggedErrors.get(o.requestId) : undefined;
      return `${summary(o.probe)}\n    -> ${why(o)}${stack ? `\n    server error: ${stack.replace(/\n/g, '\n      ')}` : ''}`;
    });

  it('should send well over a thousand hostile requests within the time budget', () => {
    console.log(
      `hostile-input: ${outcomes.length} requests, ${Math.round(seconds)} s including setup; statuses ${JSON.stringify(
        outcomes.reduce<Record<number, number>>(
          (acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }),
          {},
        ),
      )}`,
    );
    expect(outcomes.length).toBeGreaterThan(1000);
    // A guard against a runaway sweep (5,000 requests over four new modules), not a benchmark:
    // the figure is printed above, and the hook itself allows 120 s.
    expect(seconds).toBeLessThan(110);
  });

  it('should answer every request, never with a 5xx', () => {
    const bad = outcomes.filter((o) => o.status === 0 || o.status >= 500);
    expect(
      report(bad, (o) => (o.error ? `no answer: ${o.error}` : `${o.status} ${o.text.slice(0, 300)}`)),
    ).toEqual([]);
  });

  it('should answer every error as application/problem+json {type, title, status, detail}', () => {
    const bad = outcomes.filter((o) => {
      if (o.status < 400 || o.probe.core) return false;
      const b = o.body;
      return (
        !o.contentType.startsWith('application/problem+json') ||
        typeof b !== 'object' ||
        typeof b.type !== 'string' ||
        typeof b.title !== 'string' ||
        b.status !== o.status ||
        typeof b.detail !== 'string' ||
        (b.errors !== undefined &&
          !(
            Array.isArray(b.errors) &&
            b.errors.every((e: any) => typeof e.field === 'string' && typeof e.message === 'string')
          ))
      );
    });
    expect(report(bad, (o) => `${o.status} ${o.contentType} ${o.text.slice(0, 300)}`)).toEqual([]);
  });

  it('should refuse every invalid request with the expected 4xx', () => {
    const bad = outcomes.filter(
      (o) =>
        (o.probe.refused && !(o.status >= 400 && o.status < 500)) ||
        (o.probe.status && !o.probe.status.includes(o.status)),
    );
    expect(
      report(
        bad,
        (o) => `${o.status}, expected ${o.probe.status?.join(' or ') ?? '4xx'}: ${o.text.slice(0, 300)}`,
      ),
    ).toEqual([]);
  });

  it('should name every bad field of a 400 in errors[].field', () => {
    const bad = outcomes.filter((o) => {
      if (!o.probe.fields || o.status !== 400) return false;
      const named: string[] = (o.body?.errors ?? []).map((e: { field: string }) => e.field);
      return !o.probe.fields.every((f) => named.some((n) => n === f || n.startsWith(`${f}.`)));
    });
    expect(
      report(
        bad,
        (o) => `named ${JSON.stringify(o.body?.errors ?? null)}, expected ${o.probe.fields!.join(', ')}`,
      ),
    ).toEqual([]);
  });

  it('should store nothing from refused requests', () => {
    const accepted = (method: string, path: RegExp) =>
      outcomes.filter(
        (o) => o.probe.method === method && path.test(o.probe.path) && o.status >= 200 && o.status < 300,
      );
    const distinct = (list: Outcome[]) => new Set(list.map((o) => o.body?.id)).size;
    // Rows appear only for requests answered 2xx (replays of one Idempotency-Key share their ticket).
    expect(after.ticket - before.ticket).toBe(distinct(accepted('POST', /^\/api\/v1\/tickets$/)));
    expect(after.app_user - before.app_user).toBe(distinct(accepted('POST', /^\/api\/v1\/users$/)));
    expect(after.unit - before.unit).toBe(distinct(accepted('POST', /^\/api\/v1\/units$/)));
    expect(after.desk - before.desk).toBe(after.unit - before.unit);
    expect(after.team - before.team).toBe(distinct(accepted('POST', /^\/api\/v1\/teams$/)));
    expect(after.category - before.category).toBe(distinct(accepted('POST', /^\/api\/v1\/categories$/)));
    expect(after.ticket_comment - before.ticket_comment).toBe(distinct(accepted('POST', /\/comments$/)));
    expect(after.ticket_attachment - before.ticket_attachment).toBe(
      distinct(accepted('POST', /\/attachments$/)),
    );
    expect(after.team_member - before.team_member).toBe(0);
  });

  it('should keep accepted hostile strings verbatim, as data', async () => {
    const created = outcomes.filter(
      (o) =>
        o.probe.method === 'POST' && o.probe.path === '/api/v1/tickets' && o.status === 201 && o.probe.json,
    );
    expect(created.length).toBeGreaterThan(HOSTILE_STRINGS.length);
    const mismatches: string[] = [];
    for (const o of created) {
      const sent = o.probe.json as { title: string; description: string };
      const row = await sqlRow<{ title: string; description: string }>(
        api.dataSource,
        `SELECT title, description FROM ticket WHERE id = $1`,
        [o.body.id],
      );
      // JSON turns lone surrogates into U+FFFD on the way to PostgreSQL; compare what survives UTF-8.
      const utf8 = (s: string) => Buffer.from(s.trim(), 'utf8').toString('utf8');
      if (!row || row.title !== utf8(sent.title) || row.description !== utf8(sent.description)) {
        mismatches.push(`${summary(o.probe)} stored ${JSON.stringify(row)}`);
      }
    }
    expect(mismatches).toEqual([]);
    const comments = outcomes.filter(
      (o) =>
        o.probe.method === 'POST' && o.probe.path.endsWith('/comments') && o.status === 201 && o.probe.json,
    );
    for (const o of comments) {
      const row = await sqlRow<{ body: string }>(
        api.dataSource,
        `SELECT body FROM ticket_comment WHERE id = $1`,
        [o.body.id],
      );
      expect(row?.body).toBe(
        Buffer.from((o.probe.json as { body: string }).body.trim(), 'utf8').toString('utf8'),
      );
    }
    // An accepted hostile search term is a plain substring: LIKE wildcards are escaped.
    for (const q of ['%', '_']) {
      const res = await api.http
        .get('/api/v1/tickets')
        .query({ q, limit: 100 })
        .set(org.users.requesterA.auth);
      expect(res.status).toBe(200);
      for (const t of res.body.items) expect(`${t.number} ${t.title}`).toContain(q);
    }
  });

  it('should keep the schema, the users and the process intact', async () => {
    for (const table of ['ticket', 'app_user', 'ticket_event', 'ticket_attachment', 'unit']) {
      expect(
        (
          await sqlRow<{ t: string | null }>(api.dataSource, `SELECT to_regclass($1) AS t`, [
            `public.${table}`,
          ])
        )?.t,
      ).toBe(table);
    }
    // No user was made an admin or created by the hostile requests that must be refused.
    const admins = await sqlRows<{ email: string }>(
      api.dataSource,
      `SELECT email FROM app_user WHERE 'admin' = ANY(roles)`,
    );
    expect(admins.map((a) => a.email)).toEqual([org.users.admin.email]);
    expect(
      await countOf(
        api.dataSource,
        `SELECT count(*)::int AS n FROM app_user WHERE email = 'noauth@test.go.id'`,
      ),
    ).toBe(0);
    const roles = (await api.http.get('/api/v1/auth/me').set(org.users.requesterA.auth)).body.roles;
    expect(roles).toEqual(['requester']);
    // Nothing polluted Object.prototype of the process that served the requests.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await api.http.get('/health')).status).toBe(200);
    expect((await api.http.get('/api/v1/tickets').set(org.users.tier1A.auth)).status).toBe(200);
  });

  it('should leave no file on disk without its attachment row, and none outside the attachments folder', async () => {
    const dataDir = resolve(api.config.DATA_DIR);
    const root = join(dataDir, 'attachments');
    const walk = (dir: string): string[] =>
      existsSync(dir)
        ? readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
            e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
          )
        : [];
    const onDisk = walk(dataDir);
    expect(onDisk.filter((f) => !f.startsWith(root + sep))).toEqual([]);
    const keys = (
      await sqlRows<{ storage_key: string }>(api.dataSource, `SELECT storage_key FROM ticket_attachment`)
    ).map((r) => r.storage_key);
    expect(onDisk.map((f) => relative(root, f).split(sep).join('/')).sort()).toEqual([...keys].sort());
    // Traversal names were kept as names only, flattened.
    const names = (
      await sqlRows<{ file_name: string }>(api.dataSource, `SELECT file_name FROM ticket_attachment`)
    ).map((r) => r.file_name);
    expect(names.filter((n: string) => /[\\/]/.test(n))).toEqual([]);
  });
});
