import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Each table is written by its own module's repository only (docs/data-layer.md): other libs call
 * that repository. This reads every lib's source and fails on a write (INSERT, UPDATE, DELETE, or
 * TypeORM's insert/update/delete/save on an entity) of a table another lib owns.
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

const ROOT = join(__dirname, '..', '..', '..');
const LIBS = join(ROOT, 'libs');

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

/** Each write of a table by a lib that does not own it, as `lib/path: table (owned by X)`. */
function foreignWrites(): string[] {
  const libs = readdirSync(LIBS, { withFileTypes: true }).filter((d) => d.isDirectory());
  const files = libs.map((d) => ({ lib: d.name, files: sourceFiles(join(LIBS, d.name)) }));
  const entities = entityTables(files.flatMap((f) => f.files));
  const found: string[] = [];
  for (const { lib, files: paths } of files) {
    for (const file of paths) {
      for (const table of writtenTables(readFileSync(file, 'utf8'), entities)) {
        if (OWNERS[table] !== lib && !WRITTEN_BY_ALL.has(table))
          found.push(`${relative(ROOT, file)}: ${table} (owned by ${OWNERS[table]})`);
      }
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

  it('should find no lib writing a table another lib owns', () => {
    expect(foreignWrites()).toEqual([]);
  });
});
