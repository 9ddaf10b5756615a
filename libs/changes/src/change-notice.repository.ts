import { sqlRow, sqlRows } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SCHEDULED_PHASES } from './change-phases';
import { CHANGE_COLUMNS, ChangeRow } from './change.repository';

const SCHEDULED = `c.phase IN (${SCHEDULED_PHASES.map((p) => `'${p}'`).join(', ')})`;

/** A scheduled change's pre-window notice: when it is due, for which window revision. */
export interface NoticeRow {
  id: string;
  windowRevision: number;
  noticeAt: Date;
}

/**
 * The pre-window notice of scheduled changes (system queries of the timers, no actor): which
 * notices are owed, and the claim that makes each window revision's notice go out once.
 */
@Injectable()
export class ChangeNoticeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The notice of a change, if it is scheduled and its current window was not announced yet. */
  async pendingNotice(id: string, leadMs: number): Promise<NoticeRow | null> {
    return sqlRow<NoticeRow>(
      this.dataSource,
      `SELECT c.id, c.window_revision AS "windowRevision",
              c.planned_start - make_interval(secs => $2::double precision / 1000) AS "noticeAt"
         FROM change_request c
        WHERE c.id = $1 AND ${SCHEDULED} AND c.window_noticed_revision IS DISTINCT FROM c.window_revision`,
      [id, leadMs],
    );
  }

  /** Scheduled changes whose notice falls before `until` and was not sent yet. */
  noticesBefore(until: Date, now: Date, leadMs: number, limit: number): Promise<NoticeRow[]> {
    return sqlRows<NoticeRow>(
      this.dataSource,
      `SELECT c.id, c.window_revision AS "windowRevision",
              c.planned_start - make_interval(secs => $2::double precision / 1000) AS "noticeAt"
         FROM change_request c
        WHERE ${SCHEDULED} AND c.window_noticed_revision IS DISTINCT FROM c.window_revision
          AND c.planned_start - make_interval(secs => $2::double precision / 1000) <= $1
          AND c.planned_end > $4
        ORDER BY c.planned_start LIMIT $3`,
      [until, leadMs, limit, now],
    );
  }

  /**
   * Claims the notice of one window revision: the conditional UPDATE decides, so whichever job or
   * reconciliation pass gets there first sends it, and every later one finds zero rows.
   */
  async claimNotice(
    em: EntityManager,
    id: string,
    revision: number,
    now: Date,
    leadMs: number,
  ): Promise<ChangeRow | null> {
    return sqlRow<ChangeRow>(
      em,
      `UPDATE change_request c SET window_noticed_revision = c.window_revision
        WHERE c.id = $1 AND c.window_revision = $2 AND ${SCHEDULED}
          AND c.window_noticed_revision IS DISTINCT FROM c.window_revision
          AND c.planned_start - make_interval(secs => $4::double precision / 1000) <= $3
          AND c.planned_end > $3
        RETURNING ${CHANGE_COLUMNS}`,
      [id, revision, now, leadMs],
    );
  }
}
