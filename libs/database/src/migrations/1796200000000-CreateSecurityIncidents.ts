import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Security incidents: the incident, its timeline, indicators and evidence files, and a per-year
 * number sequence (`INS-2026-0001`) made like the ticket numbers. The acknowledgement clock lives on
 * the incident row (due, met, breached, revision) and is fired by the SLA timers queue.
 */
export class CreateSecurityIncidents1796200000000 implements MigrationInterface {
  name = 'CreateSecurityIncidents1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION next_incident_number(year int) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE seq text := format('incident_number_%s', year);
      BEGIN
        RETURN nextval(seq);
      EXCEPTION WHEN undefined_table THEN
        BEGIN
          EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
        EXCEPTION WHEN unique_violation OR duplicate_table THEN
          NULL; -- another transaction created it first
        END;
        RETURN nextval(seq);
      END $$`);
    await queryRunner.query(`
      CREATE TABLE security_incident (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL,
        reporter_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        category text NOT NULL,
        severity text NOT NULL,
        affected_systems text[] NOT NULL DEFAULT '{}',
        detected_at timestamptz NOT NULL,
        data_secured boolean NOT NULL DEFAULT false,
        containment_actions text,
        phase text NOT NULL DEFAULT 'reported',
        assignee_id uuid,
        tlp text NOT NULL DEFAULT 'amber',
        bssn_reference text,
        bssn_reported_at timestamptz,
        lessons_learned text,
        linked_ticket_id uuid,
        ack_due_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        ack_breached_at timestamptz,
        ack_revision int NOT NULL DEFAULT 1,
        closed_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT security_incident_number_key UNIQUE (number),
        CONSTRAINT security_incident_reporter_id_fkey FOREIGN KEY (reporter_id) REFERENCES app_user(id) ON DELETE RESTRICT,
        CONSTRAINT security_incident_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES unit(id) ON DELETE RESTRICT,
        CONSTRAINT security_incident_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES app_user(id) ON DELETE SET NULL,
        CONSTRAINT security_incident_linked_ticket_id_fkey FOREIGN KEY (linked_ticket_id) REFERENCES ticket(id) ON DELETE SET NULL,
        CONSTRAINT security_incident_category_check CHECK (category IN ('malware', 'phishing', 'defacement', 'data_leak', 'ddos', 'unauthorized_access', 'account_compromise', 'other')),
        CONSTRAINT security_incident_severity_check CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        CONSTRAINT security_incident_phase_check CHECK (phase IN ('reported', 'triage', 'containment', 'eradication', 'recovery', 'closed')),
        CONSTRAINT security_incident_tlp_check CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red'))
      )`);
    await queryRunner.query(
      `CREATE INDEX security_incident_reporter_idx ON security_incident (reporter_id, created_at DESC)`,
    );
    await queryRunner.query(`CREATE INDEX security_incident_created_idx ON security_incident (created_at)`);
    await queryRunner.query(
      `CREATE INDEX security_incident_ack_fire_idx ON security_incident (ack_due_at)
         WHERE acknowledged_at IS NULL AND ack_breached_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX security_incident_linked_ticket_key ON security_incident (linked_ticket_id) WHERE linked_ticket_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE security_incident_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES security_incident(id) ON DELETE CASCADE,
        actor_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        action text NOT NULL,
        note text,
        data jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX security_incident_event_incident_idx ON security_incident_event (incident_id, created_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE security_incident_indicator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES security_incident(id) ON DELETE CASCADE,
        type text NOT NULL,
        value text NOT NULL,
        created_by_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT security_incident_indicator_type_check CHECK (type IN ('ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256')),
        CONSTRAINT security_incident_indicator_key UNIQUE (incident_id, type, value)
      )`);
    await queryRunner.query(`
      CREATE TABLE security_incident_evidence (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES security_incident(id) ON DELETE CASCADE,
        uploader_id uuid NOT NULL REFERENCES app_user(id) ON DELETE RESTRICT,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes int NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX security_incident_evidence_incident_idx ON security_incident_evidence (incident_id, created_at)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE security_incident_evidence`);
    await queryRunner.query(`DROP TABLE security_incident_indicator`);
    await queryRunner.query(`DROP TABLE security_incident_event`);
    await queryRunner.query(`DROP TABLE security_incident`);
    await queryRunner.query(`DROP FUNCTION next_incident_number(int)`);
  }
}
