import { sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A saved ticket filter as stored in `ticket_overview`. */
export interface OverviewRow {
  id: string;
  name: string;
  query: Record<string, string>;
  createdAt: string;
}

const OVERVIEW_COLUMNS = `id, name, query, created_at AS "createdAt"`;

/** Agents' saved ticket filters (`ticket_overview`), always read and written for their owner. */
@Injectable()
export class TicketOverviewRepository {
  constructor(private readonly dataSource: DataSource) {}

  listOf(ownerId: string): Promise<OverviewRow[]> {
    return sqlRows<OverviewRow>(
      this.dataSource,
      `SELECT ${OVERVIEW_COLUMNS} FROM ticket_overview WHERE owner_id = $1 ORDER BY lower(name), id`,
      [ownerId],
    );
  }

  /** The new overview, or null when the owner already has one of this name. */
  insert(ownerId: string, name: string, query: Record<string, string>): Promise<OverviewRow | null> {
    return sqlRow<OverviewRow>(
      this.dataSource,
      `INSERT INTO ticket_overview (owner_id, name, query) VALUES ($1, $2, $3)
       ON CONFLICT (owner_id, name) DO NOTHING
       RETURNING ${OVERVIEW_COLUMNS}`,
      [ownerId, name, JSON.stringify(query)],
    );
  }

  /** Whether the owner had this overview (and it is now gone). */
  async remove(ownerId: string, id: string): Promise<boolean> {
    return (
      (await sqlExecute(this.dataSource, `DELETE FROM ticket_overview WHERE id = $1 AND owner_id = $2`, [
        id,
        ownerId,
      ])) > 0
    );
  }
}
