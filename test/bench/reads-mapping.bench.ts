// CPU of turning one queue page's rows into the API's JSON, in this process, the two ways side by
// side (docs/read-path-performance.md): the object path (pg parses each timestamp into a Date,
// `toTicketView`, JSON.stringify) and the text path (timestamps stay PostgreSQL's text,
// `ticketViewJson`). The rows are made up like the bench's seeded tickets: 26 rows of 45 columns.
//
//   TS_NODE_PROJECT=tsconfig.json TS_NODE_TRANSPILE_ONLY=1 node -r ts-node/register \
//     -r tsconfig-paths/register test/bench/reads-mapping.bench.ts [rounds]
import { TicketViewRow, toTicketView, ticketViewJson, TicketTextRow } from '@desk/tickets';
import { types } from 'pg';

const parseTime = types.getTypeParser(1184) as (text: string) => Date;
const now = new Date('2026-12-06T10:00:00Z');
const at = (minutes: number) =>
  new Date(now.getTime() + minutes * 60_000 + 123).toISOString().replace('T', ' ').replace('Z', '456+00');
const clock = (due: number) => ({
  startedAt: at(-60).replace(' ', 'T').replace('+00', '+00:00'),
  dueAt: at(due).replace(' ', 'T').replace('+00', '+00:00'),
  warnedAt: null,
  breachedAt: null,
  metAt: null,
  pausedAt: null,
  stoppedAt: null,
});

function textRow(i: number): TicketTextRow {
  return {
    id: `0000000${i}-0000-4000-8000-000000000000`.slice(-36),
    number: `TIK-2026-${String(i).padStart(6, '0')}`,
    kind: 'incident',
    title: `Printer di ruang rapat lantai ${i} tidak bisa mencetak`,
    description: 'Sejak pagi printer tidak merespons; sudah dicoba dinyalakan ulang. '.repeat(3),
    categoryId: '11111111-1111-4111-8111-111111111111',
    impact: 2,
    urgency: 2,
    priority: 'P3',
    channel: 'portal',
    requesterId: '22222222-2222-4222-8222-222222222222',
    createdById: '22222222-2222-4222-8222-222222222222',
    unitId: '33333333-3333-4333-8333-333333333333',
    deskId: '44444444-4444-4444-8444-444444444444',
    tier: 1,
    teamId: null,
    assigneeId: i % 2 ? '55555555-5555-4555-8555-555555555555' : null,
    tier1AssigneeId: null,
    status: i % 2 ? 'in_progress' : 'new',
    pendingReason: null,
    resolution: null,
    cancelReason: null,
    firstResponseAt: i % 2 ? at(-30) : null,
    escalatedAt: null,
    pendingSince: null,
    pendingUntil: null,
    resolvedAt: null,
    autoCloseAt: null,
    closedAt: null,
    cancelledAt: null,
    responseDueAt: at(30 + i),
    resolutionDueAt: at(480 + i),
    ratingScore: null,
    ratingComment: null,
    ratedAt: null,
    version: 3,
    createdAt: at(-60),
    updatedAt: at(-5),
    dueKey: at(30 + i),
    createdKey: at(-60),
    categoryName: 'Perangkat keras',
    requesterName: 'Siti Rahmawati',
    requesterPhone: '0812-3456-7890',
    requesterRoom: 'R. 204',
    requesterFloor: '2',
    unitName: 'Dinas Komunikasi dan Informatika',
    teamName: null,
    assigneeName: i % 2 ? 'Budi Santoso' : null,
    slaClocks: { response: clock(30 + i), resolution: clock(480 + i) },
  } as unknown as TicketTextRow;
}

const TIMES = [
  'firstResponseAt',
  'escalatedAt',
  'pendingSince',
  'pendingUntil',
  'resolvedAt',
  'autoCloseAt',
  'closedAt',
  'cancelledAt',
  'responseDueAt',
  'resolutionDueAt',
  'ratedAt',
  'createdAt',
  'updatedAt',
] as const;

const texts = Array.from({ length: 26 }, (_, i) => textRow(i + 1));
// What pg hands the object path: the same row, each timestamp parsed into a Date.
const asDates = (r: TicketTextRow): TicketViewRow => {
  const row = { ...r } as Record<string, unknown>;
  for (const k of TIMES) if (r[k]) row[k] = parseTime(r[k] as string);
  return row as unknown as TicketViewRow;
};

const objectPath = () =>
  JSON.stringify({ items: texts.map((r) => toTicketView(asDates(r), now, true)), nextCursor: null });
const textPath = () =>
  `{"items":[${texts.map((r) => ticketViewJson(r, now, true)).join(',')}],"nextCursor":null}`;

if (objectPath() !== textPath()) throw new Error('the two paths print different JSON');
const rounds = Number(process.argv[2] ?? 4000);
const cpu = (fn: () => string) => {
  const t = process.cpuUsage();
  for (let i = 0; i < rounds; i++) fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000 / rounds;
};
for (let i = 0; i < 3; i++) {
  cpu(objectPath); // warm-up
  cpu(textPath);
}
const result = { object: [] as number[], text: [] as number[] };
for (let i = 0; i < 5; i++) {
  result.object.push(cpu(objectPath));
  result.text.push(cpu(textPath));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `one page of 26 tickets (${objectPath().length} bytes): object path ${median(result.object).toFixed(3)} ms CPU, ` +
    `text path ${median(result.text).toFixed(3)} ms CPU (medians of 5 x ${rounds})`,
);
