import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Each table is written by its own module's repository only (docs/data-layer.md): other libs call
 * that repository. This reads every lib's source and the apps' (`apps/<name>/src`: the api with its
 * demo seeder, the worker) and fails on a write (INSERT, UPDATE, DELETE, or TypeORM's
 * insert/update/delete/save on an entity) of a table another module owns. The apps own no table:
 * they write through the libs' repositories and services.
 */
const OWNERS: Record<string, string> = {
  outbox_event: 'database',
  app_user: 'org-auth',
  business_calendar: 'sla',
  category: 'org-auth',
  change_event: 'changes',
  change_incident: 'changes',
  change_problem: 'changes',
  change_request: 'changes',
  change_ticket: 'changes',
  desk: 'org-auth',
  kb_article: 'knowledge',
  kb_article_revision: 'knowledge',
  kb_article_vote: 'knowledge',
  kb_deflection: 'knowledge',
  kb_ticket_link: 'knowledge',
  kb_title_word: 'knowledge',
  mail_attachment: 'notifications',
  mail_message: 'notifications',
  password_reset: 'org-auth',
  problem: 'problems',
  problem_event: 'problems',
  problem_incident: 'problems',
  problem_ticket: 'problems',
  region: 'org-auth',
  reply_template: 'tickets',
  report_delivery: 'reports',
  report_subscription: 'reports',
  security_incident: 'incidents',
  security_incident_event: 'incidents',
  security_incident_evidence: 'incidents',
  security_incident_indicator: 'incidents',
  sla_policy: 'sla',
  team: 'org-auth',
  team_member: 'org-auth',
  ticket: 'tickets',
  ticket_attachment: 'tickets',
  ticket_comment: 'tickets',
  ticket_escalation: 'tickets',
  ticket_event: 'tickets',
  ticket_link: 'tickets',
  ticket_overview: 'tickets',
  ticket_search: 'tickets',
  ticket_sla_clock: 'sla',
  ticket_sla_pause: 'sla',
  unit: 'org-auth',
};

/**
 * Written by every lib: a change's outbox event goes in the change's own transaction (often the same
 * statement), which is the point of the outbox.
 */
const WRITTEN_BY_ALL = new Set(['outbox_event']);

/**
 * The writers that take their table's name at run time, and the key under which their callers name
 * that table in a typed constant: `appendTimelineEvent` writes `TimelineTable.table`,
 * `replaceVisibleLinks` writes `LinkTable.table`. Every `table: '<name>'` in a module's source
 * therefore counts as a write of `<name>` by that module (a read-only declaration of another module's
 * table would count too: name its key otherwise). A write to a run-time name anywhere else fails.
 */
const RUNTIME_TABLE_WRITERS: Record<string, string> = {
  'libs/database/src/record-history.ts': 'table',
};

const ROOT = join(__dirname, '..', '..', '..');
const LIBS = join(ROOT, 'libs');
const APPS = join(ROOT, 'apps');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Entity class name → table, from every `@Entity('table') export class Name`. */
function entityTables(files: string[]): Map<string, string> {
  const tables = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/@Entity\('([a-z0-9_]+)'[\s\S]*?export class (\w+)/g))
      tables.set(m[2], m[1]);
  }
  return tables;
}

/** How many writes in a source text name their table at run time (`INSERT INTO ${t.table}`). */
export function runtimeNamedWrites(text: string): number {
  return [...text.matchAll(/\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[a-z0-9_]*\$\{/g)].length;
}

/** The owned tables a source text names under `key` in a constant (`table: 'change_event'`). */
export function declaredTables(text: string, key: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(new RegExp(`\\b${key}:\\s*'([a-z_][a-z0-9_]*)'`, 'g')))
    if (m[1] in OWNERS) found.push(m[1]);
  return found;
}

/** The tables a source text writes, by raw SQL or by TypeORM's write calls on an entity. */
export function writtenTables(text: string, entities: Map<string, string>): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)\b/g)) {
    if (m[1] in OWNERS) found.push(m[1]);
  }
  const writes =
    /(?:getRepository|\.(?:insert|update|delete|save|upsert|softDelete|increment|decrement))\(\s*([A-Z]\w*)\b/g;
  for (const m of text.matchAll(writes)) {
    const table = entities.get(m[1]);
    if (table) found.push(table);
  }
  return found;
}

/** Every lib (named as in OWNERS) and every app (`apps/<name>`, owning nothing) with its source files. */
function modules(): { name: string; files: string[] }[] {
  const dirs = (root: string) => readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory());
  return [
    ...dirs(LIBS).map((d) => ({ name: d.name, files: sourceFiles(join(LIBS, d.name)) })),
    ...dirs(APPS)
      .filter((d) => existsSync(join(APPS, d.name, 'src')))
      .map((d) => ({ name: `apps/${d.name}`, files: sourceFiles(join(APPS, d.name, 'src')) })),
  ];
}

/**
 * Each write of a table by a module that does not own it, as `path: table (owned by X)`, and each
 * write to a run-time table name outside RUNTIME_TABLE_WRITERS.
 */
function foreignWrites(): string[] {
  const mods = modules();
  const entities = entityTables(mods.flatMap((m) => m.files));
  const found: string[] = [];
  for (const { name, files } of mods) {
    for (const file of files) {
      const path = relative(ROOT, file).split(sep).join('/');
      const text = readFileSync(file, 'utf8');
      const tables = writtenTables(text, entities);
      for (const key of new Set(Object.values(RUNTIME_TABLE_WRITERS)))
        tables.push(...declaredTables(text, key));
      for (const table of tables) {
        if (OWNERS[table] !== name && !WRITTEN_BY_ALL.has(table))
          found.push(`${path}: ${table} (owned by ${OWNERS[table]})`);
      }
      if (!(path in RUNTIME_TABLE_WRITERS) && runtimeNamedWrites(text))
        found.push(`${path}: a write to a table named at run time (make it literal)`);
    }
  }
  return [...new Set(found)].sort();
}

describe('table owners', () => {
  it('should name an owner for every table the migrations create', () => {
    const dir = join(LIBS, 'database', 'src', 'migrations');
    const created = new Set<string>();
    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const m of text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_][a-z0-9_]*)/g))
        created.add(m[1]);
    }
    expect(created.size).toBeGreaterThan(30);
    expect([...created].filter((table) => !(table in OWNERS))).toEqual([]);
    for (const lib of new Set(Object.values(OWNERS))) expect(readdirSync(LIBS)).toContain(lib);
  });

  it('should find raw and entity writes, and leave reads and locks alone', () => {
    const entities = new Map([
      ['Ticket', 'ticket'],
      ['User', 'app_user'],
    ]);
    expect(writtenTables('UPDATE ticket SET queue_due_at = $2 WHERE id = $1', entities)).toEqual(['ticket']);
    expect(writtenTables('INSERT INTO ticket_sla_pause (ticket_id) VALUES ($1)', entities)).toEqual([
      'ticket_sla_pause',
    ]);
    expect(writtenTables("em.getRepository(User).update({ id }, { name: 'x' })", entities)).toEqual([
      'app_user',
    ]);
    expect(writtenTables('qb.update(Ticket).set({ title })', entities)).toEqual(['ticket']);
    expect(
      writtenTables(
        'SELECT id FROM ticket WHERE id = $1 FOR UPDATE OF t ON CONFLICT (id) DO UPDATE SET x = 1',
        entities,
      ),
    ).toEqual([]);
  });

  it('should see writes to a table named at run time, and the constants that name it', () => {
    expect(runtimeNamedWrites('`INSERT INTO ${t.table} (x) VALUES ($1)`')).toBe(1);
    expect(
      runtimeNamedWrites('`DELETE FROM ${link.table} WHERE id = $1`; `UPDATE ticket_${kind} SET x = 1`'),
    ).toBe(2);
    expect(
      runtimeNamedWrites('`SELECT * FROM ${r.table} ${r.alias}`; `INSERT INTO ticket (x) VALUES (1)`'),
    ).toBe(0);
    expect(
      declaredTables(
        "timeline: { table: 'change_event', owner: 'change_id' }, targetTable: 'ticket'",
        'table',
      ),
    ).toEqual(['change_event']);
    for (const [path, key] of Object.entries(RUNTIME_TABLE_WRITERS)) {
      expect(runtimeNamedWrites(readFileSync(join(ROOT, path), 'utf8'))).toBeGreaterThan(0);
      expect(key).toMatch(/^\w+$/);
    }
  });

  it('should read the apps too, and find no module writing a table another lib owns', () => {
    expect(modules().map((m) => m.name)).toEqual(
      expect.arrayContaining(['apps/api', 'apps/worker', 'tickets']),
    );
    expect(foreignWrites()).toEqual([]);
  });
});
