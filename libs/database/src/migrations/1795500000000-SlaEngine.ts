import { MigrationInterface, QueryRunner } from 'typeorm';

const LADDER = JSON.stringify([
  { at: 0.75, notify: ['assignee', 'tier1_desk'] },
  { at: 1, notify: ['team', 'supervisors'], action: 'auto_escalate' },
  { at: 1.5, notify: ['supervisors', 'unit_head'] },
]);

// Default targets in business time (Mon-Thu 07:30-16:00, Fri 07:30-16:30: 8.5 h a day).
const DEFAULT_POLICIES: [string, string, string, string, number, number, number][] = [
  ['P1', 'PT15M', 'PT4H', 'PT30M', 900, 14_400, 1_800],
  ['P2', 'PT30M', 'PT8H', 'PT1H', 1_800, 28_800, 3_600],
  ['P3', 'PT2H', 'PT24H', 'PT4H', 7_200, 86_400, 14_400],
  ['P4', 'PT4H', 'PT40H', 'PT8H', 14_400, 144_000, 28_800],
];

const HOURS = JSON.stringify({
  mon: [['07:30', '16:00']],
  tue: [['07:30', '16:00']],
  wed: [['07:30', '16:00']],
  thu: [['07:30', '16:00']],
  fri: [['07:30', '16:30']],
  sat: [],
  sun: [],
});

/**
 * SLA engine: policies (P1..P4 defaults), the business calendar (national holidays and cuti bersama
 * 2026-2027), ticket clocks with their pause log, and clocks for the tickets that already exist.
 */
export class SlaEngine1795500000000 implements MigrationInterface {
  name = 'SlaEngine1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sla_policy (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        name text NOT NULL,
        kind text,
        priority text,
        response_target text NOT NULL,
        resolution_target text NOT NULL,
        tier2_response_target text NOT NULL,
        response_seconds int NOT NULL CHECK (response_seconds > 0),
        resolution_seconds int NOT NULL CHECK (resolution_seconds > 0),
        tier2_response_seconds int NOT NULL CHECK (tier2_response_seconds > 0),
        calendar text NOT NULL CHECK (calendar IN ('business', '24x7')),
        warn_at double precision NOT NULL DEFAULT 0.75 CHECK (warn_at > 0 AND warn_at < 1),
        auto_escalate_on_breach boolean NOT NULL DEFAULT true,
        ladder jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX sla_policy_match_key ON sla_policy (kind, priority) NULLS NOT DISTINCT`,
    );
    for (const [priority, resp, resol, tier2, rs, ls, ts] of DEFAULT_POLICIES) {
      await queryRunner.query(
        `INSERT INTO sla_policy (name, kind, priority, response_target, resolution_target, tier2_response_target,
                                 response_seconds, resolution_seconds, tier2_response_seconds, calendar, ladder)
         VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, 'business', $9::jsonb)`,
        [`Default ${priority}`, priority, resp, resol, tier2, rs, ls, ts, LADDER],
      );
    }

    await queryRunner.query(`
      CREATE TABLE business_calendar (
        id smallint NOT NULL DEFAULT 1 PRIMARY KEY CHECK (id = 1),
        hours jsonb NOT NULL,
        holidays jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `INSERT INTO business_calendar (id, hours, holidays) VALUES (1, $1::jsonb, $2::jsonb)`,
      [HOURS, JSON.stringify(HOLIDAYS)],
    );

    await queryRunner.query(`
      CREATE TABLE ticket_sla_clock (
        ticket_id uuid NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
        clock text NOT NULL CHECK (clock IN ('response', 'resolution', 'tier2_response')),
        policy_id uuid REFERENCES sla_policy (id) ON DELETE SET NULL,
        calendar text NOT NULL CHECK (calendar IN ('business', '24x7')),
        target_seconds int NOT NULL,
        started_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        warn_at timestamptz NOT NULL,
        warned_at timestamptz,
        breached_at timestamptz,
        met_at timestamptz,
        paused_at timestamptz,
        stopped_at timestamptz,
        business_seconds int,
        ladder_level int NOT NULL DEFAULT 0,
        next_ladder_at timestamptz,
        next_fire_at timestamptz,
        revision int NOT NULL DEFAULT 1,
        PRIMARY KEY (ticket_id, clock)
      )`);
    // The reconciliation's scan: unfired steps of running clocks, by time.
    await queryRunner.query(
      `CREATE INDEX ticket_sla_clock_fire_idx ON ticket_sla_clock (next_fire_at) WHERE next_fire_at IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE ticket_sla_pause (
        id bigserial PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (reason IN ('pending', 'resolved')),
        started_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX ticket_sla_pause_ticket_idx ON ticket_sla_pause (ticket_id, started_at)`,
    );

    // Existing tickets: their due times were computed round the clock, so their clocks are 24x7 with
    // the same due times. Steps already past are recorded as fired without events: an upgrade must not
    // send a burst of stale warnings or escalate old tickets.
    await queryRunner.query(`
      WITH src AS (
        SELECT t.id, t.status, t.created_at, t.pending_since, t.closed_at, t.cancelled_at, p.id AS policy_id,
               p.warn_at AS warn_fraction, p.ladder, c.clock, c.met,
               greatest(1, round(extract(epoch FROM coalesce(c.due, t.created_at + c.fallback * interval '1 second') - t.created_at)))::int AS target
          FROM ticket t
          JOIN sla_policy p ON p.kind IS NULL AND p.priority = t.priority
          CROSS JOIN LATERAL (VALUES ('response', t.response_due_at, t.first_response_at, p.response_seconds),
                                     ('resolution', t.resolution_due_at, t.resolved_at, p.resolution_seconds))
                AS c(clock, due, met, fallback)
      ), inst AS (
        SELECT s.*, s.created_at + s.target * interval '1 second' AS due_at,
               s.created_at + s.target * s.warn_fraction * interval '1 second' AS warn_at,
               least(now(), coalesce(s.met, now())) AS horizon,
               CASE WHEN s.met IS NULL AND s.status IN ('closed', 'cancelled')
                    THEN coalesce(s.closed_at, s.cancelled_at, now()) END AS stopped_at,
               CASE WHEN s.met IS NULL AND s.status = 'pending' THEN coalesce(s.pending_since, now()) END AS paused_at
          FROM src s
      ), lad AS (
        SELECT i.*,
               (SELECT count(*) FROM jsonb_array_elements(i.ladder) l
                 WHERE i.created_at + i.target * (l->>'at')::float8 * interval '1 second' <= i.horizon)::int AS fired,
               (SELECT min(i.created_at + i.target * (l->>'at')::float8 * interval '1 second') FROM jsonb_array_elements(i.ladder) l
                 WHERE i.created_at + i.target * (l->>'at')::float8 * interval '1 second' > i.horizon) AS next_ladder_at
          FROM inst i
      )
      INSERT INTO ticket_sla_clock (ticket_id, clock, policy_id, calendar, target_seconds, started_at, due_at, warn_at,
                                    warned_at, breached_at, met_at, paused_at, stopped_at, business_seconds,
                                    ladder_level, next_ladder_at, next_fire_at, revision)
      SELECT id, clock, policy_id, '24x7', target, created_at, due_at, warn_at,
             CASE WHEN warn_at <= horizon THEN warn_at END,
             CASE WHEN due_at <= horizon THEN due_at END,
             met, paused_at, stopped_at,
             CASE WHEN met IS NOT NULL THEN greatest(0, extract(epoch FROM met - created_at))::int END,
             fired, CASE WHEN met IS NULL THEN next_ladder_at END,
             CASE WHEN met IS NULL AND stopped_at IS NULL AND paused_at IS NULL THEN
               nullif(least(CASE WHEN warn_at > horizon THEN warn_at ELSE 'infinity' END,
                            CASE WHEN due_at > horizon THEN due_at ELSE 'infinity' END,
                            coalesce(next_ladder_at, 'infinity')), 'infinity') END,
             1
        FROM lad`);
    await queryRunner.query(`
      INSERT INTO ticket_sla_pause (ticket_id, reason, started_at)
      SELECT id, 'pending', coalesce(pending_since, updated_at) FROM ticket WHERE status = 'pending'
      UNION ALL
      SELECT id, 'resolved', coalesce(resolved_at, updated_at) FROM ticket WHERE status = 'resolved'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ticket_sla_pause`);
    await queryRunner.query(`DROP TABLE ticket_sla_clock`);
    await queryRunner.query(`DROP TABLE business_calendar`);
    await queryRunner.query(`DROP TABLE sla_policy`);
  }
}

// Indonesia's national holidays and cuti bersama: the same preset as libs/sla/src/holiday-presets.ts,
// copied here because a migration must never change when the preset is edited later.
const HOLIDAYS = [
  ['2026-01-01', 'Tahun Baru 2026 Masehi'],
  ['2026-01-16', 'Isra Mikraj Nabi Muhammad SAW'],
  ['2026-02-16', 'Cuti bersama Tahun Baru Imlek'],
  ['2026-02-17', 'Tahun Baru Imlek 2577 Kongzili'],
  ['2026-03-18', 'Cuti bersama Hari Suci Nyepi'],
  ['2026-03-19', 'Hari Suci Nyepi Tahun Baru Saka 1948'],
  ['2026-03-20', 'Cuti bersama Idul Fitri 1447 H'],
  ['2026-03-21', 'Idul Fitri 1447 H'],
  ['2026-03-22', 'Idul Fitri 1447 H (hari kedua)'],
  ['2026-03-23', 'Cuti bersama Idul Fitri 1447 H'],
  ['2026-03-24', 'Cuti bersama Idul Fitri 1447 H'],
  ['2026-04-03', 'Wafat Yesus Kristus'],
  ['2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)'],
  ['2026-05-01', 'Hari Buruh Internasional'],
  ['2026-05-14', 'Kenaikan Yesus Kristus'],
  ['2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus'],
  ['2026-05-27', 'Idul Adha 1447 H'],
  ['2026-05-28', 'Cuti bersama Idul Adha 1447 H'],
  ['2026-05-31', 'Hari Raya Waisak 2570 BE'],
  ['2026-06-01', 'Hari Lahir Pancasila'],
  ['2026-06-16', 'Tahun Baru Islam 1448 H'],
  ['2026-08-17', 'Proklamasi Kemerdekaan Republik Indonesia'],
  ['2026-08-25', 'Maulid Nabi Muhammad SAW'],
  ['2026-12-24', 'Cuti bersama Kelahiran Yesus Kristus'],
  ['2026-12-25', 'Kelahiran Yesus Kristus (Natal)'],
  ['2027-01-01', 'Tahun Baru 2027 Masehi'],
  ['2027-01-05', 'Isra Mikraj Nabi Muhammad SAW (perkiraan)'],
  ['2027-02-05', 'Cuti bersama Tahun Baru Imlek (perkiraan)'],
  ['2027-02-06', 'Tahun Baru Imlek 2578 Kongzili'],
  ['2027-03-08', 'Hari Suci Nyepi Tahun Baru Saka 1949 (perkiraan)'],
  ['2027-03-09', 'Cuti bersama Idul Fitri 1448 H (perkiraan)'],
  ['2027-03-10', 'Idul Fitri 1448 H (perkiraan)'],
  ['2027-03-11', 'Idul Fitri 1448 H, hari kedua (perkiraan)'],
  ['2027-03-12', 'Cuti bersama Idul Fitri 1448 H (perkiraan)'],
  ['2027-03-15', 'Cuti bersama Idul Fitri 1448 H (perkiraan)'],
  ['2027-03-26', 'Wafat Yesus Kristus'],
  ['2027-03-28', 'Kebangkitan Yesus Kristus (Paskah)'],
  ['2027-05-01', 'Hari Buruh Internasional'],
  ['2027-05-06', 'Kenaikan Yesus Kristus'],
  ['2027-05-07', 'Cuti bersama Kenaikan Yesus Kristus (perkiraan)'],
  ['2027-05-16', 'Idul Adha 1448 H (perkiraan)'],
  ['2027-05-17', 'Cuti bersama Idul Adha 1448 H (perkiraan)'],
  ['2027-05-20', 'Hari Raya Waisak 2571 BE (perkiraan)'],
  ['2027-06-01', 'Hari Lahir Pancasila'],
  ['2027-06-06', 'Tahun Baru Islam 1449 H (perkiraan)'],
  ['2027-08-15', 'Maulid Nabi Muhammad SAW (perkiraan)'],
  ['2027-08-17', 'Proklamasi Kemerdekaan Republik Indonesia'],
  ['2027-12-24', 'Cuti bersama Kelahiran Yesus Kristus (perkiraan)'],
  ['2027-12-25', 'Kelahiran Yesus Kristus (Natal)'],
].map(([date, name]) => ({ date, name }));
