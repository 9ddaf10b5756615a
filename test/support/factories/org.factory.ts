import { sqlExecute, sqlRow } from '@desk/database';
import { DataSource } from 'typeorm';
import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

export const TEST_PASSWORD = 'Rahasia#2026';
let passwordHash: Promise<string> | undefined;

/** The row of an `INSERT ... RETURNING id` or a `SELECT id`. */
interface IdRow {
  id: string;
}

export interface TestUser {
  id: string;
  email: string;
  unitId: string;
  token: string;
  auth: { Authorization: string };
}

export interface TestOrg {
  dinasId: string;
  pdA: { id: string; deskId: string };
  pdB: { id: string; deskId: string };
  teams: { network: string; apps: string; csirt: string };
  categories: { network: string; email: string };
  users: {
    admin: TestUser;
    supervisor: TestUser;
    tier2: TestUser; // network team
    tier2Apps: TestUser; // applications team
    csirt: TestUser;
    tier1A: TestUser;
    tier1A2: TestUser;
    unitHeadA: TestUser;
    requesterA: TestUser;
    requesterA2: TestUser;
    tier1B: TestUser;
    unitHeadB: TestUser;
    requesterB: TestUser;
  };
}

/**
 * A region with the Dinas, two PDs (A and B) with their desks, three teams, two categories and a
 * user for every role, inserted directly; tokens are signed by the app's own JwtService.
 */
export async function createOrg(app: INestApplication): Promise<TestOrg> {
  const ds = app.get(DataSource);
  const jwt = app.get(JwtService);
  passwordHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id });
  const hash = await passwordHash;
  const tag = randomBytes(3).toString('hex');
  /** The id an `INSERT ... RETURNING id` gave. */
  const one = async (sql: string, params: unknown[]) => {
    const row = await sqlRow<IdRow>(ds, sql, params);
    if (!row) throw new Error(`no row from: ${sql}`);
    return row.id;
  };

  await sqlExecute(
    ds,
    `INSERT INTO region (id, code, name, dinas_name, timezone) VALUES (1, 'banjar', 'Pemerintah Kabupaten Banjar', 'Diskominfo', 'Asia/Makassar') ON CONFLICT (id) DO NOTHING`,
  );
  const dinasId =
    (await sqlRow<IdRow>(ds, `SELECT id FROM unit WHERE kind = 'dinas'`))?.id ??
    (await one(
      `INSERT INTO unit (code, name, kind) VALUES ('DISKOMINFO', 'Diskominfo', 'dinas') RETURNING id`,
      [],
    ));
  const pd = async (code: string) => {
    const id = await one(`INSERT INTO unit (code, name, kind) VALUES ($1, $2, 'pd') RETURNING id`, [
      `${code}-${tag}`.toUpperCase(),
      `Dinas ${code}`,
    ]);
    const deskId = await one(`INSERT INTO desk (unit_id, name) VALUES ($1, $2) RETURNING id`, [
      id,
      `Desk ${code}`,
    ]);
    return { id, deskId };
  };
  const pdA = await pd('A');
  const pdB = await pd('B');
  const team = (code: string, security = false) =>
    one(`INSERT INTO team (code, name, security) VALUES ($1, $2, $3) RETURNING id`, [
      `${code}-${tag}`.toUpperCase(),
      code,
      security,
    ]);
  const existingCsirt = (await sqlRow<IdRow>(ds, `SELECT id FROM team WHERE security`))?.id;
  const teams = {
    network: await team('NET'),
    apps: await team('APPS'),
    csirt: existingCsirt ?? (await team('CSIRT', true)),
  };
  const category = (code: string, teamId: string) =>
    one(`INSERT INTO category (code, name, team_id) VALUES ($1, $2, $3) RETURNING id`, [
      `${code}-${tag}`.toUpperCase(),
      code,
      teamId,
    ]);
  const categories = {
    network: await category('NET', teams.network),
    email: await category('MAIL', teams.apps),
  };

  const user = async (
    key: string,
    unitId: string,
    roles: string[],
    teamIds: string[] = [],
  ): Promise<TestUser> => {
    const email = `${key.toLowerCase()}-${tag}@test.go.id`;
    const id = await one(
      `INSERT INTO app_user (name, email, password_hash, unit_id, roles) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [`User ${key}`, email, hash, unitId, roles],
    );
    for (const teamId of teamIds)
      await sqlExecute(ds, `INSERT INTO team_member (team_id, user_id) VALUES ($1, $2)`, [teamId, id]);
    const token = jwt.sign({ sub: id, sv: 0 }, { expiresIn: '12h' });
    return { id, email, unitId, token, auth: { Authorization: `Bearer ${token}` } };
  };

  return {
    dinasId,
    pdA,
    pdB,
    teams,
    categories,
    users: {
      admin: await user('admin', dinasId, ['admin']),
      supervisor: await user('supervisor', dinasId, ['supervisor']),
      tier2: await user('tier2', dinasId, ['tier2'], [teams.network]),
      tier2Apps: await user('tier2apps', dinasId, ['tier2'], [teams.apps]),
      csirt: await user('csirt', dinasId, ['csirt', 'tier2'], [teams.csirt]),
      tier1A: await user('tier1A', pdA.id, ['tier1']),
      tier1A2: await user('tier1A2', pdA.id, ['tier1']),
      unitHeadA: await user('headA', pdA.id, ['unit_head']),
      requesterA: await user('reqA', pdA.id, ['requester']),
      requesterA2: await user('reqA2', pdA.id, ['requester']),
      tier1B: await user('tier1B', pdB.id, ['tier1']),
      unitHeadB: await user('headB', pdB.id, ['unit_head']),
      requesterB: await user('reqB', pdB.id, ['requester']),
    },
  };
}
