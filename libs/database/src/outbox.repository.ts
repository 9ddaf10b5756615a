import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxEvent, OutboxEventInput } from './outbox-event.entity';
import { sqlExecute, sqlRow, sqlRows } from './sql';

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Must be called with the EntityManager of the transaction that made the change. */
  async add(em: EntityManager, events: OutboxEventInput[]): Promise<void> {
    if (!events.length) return;
    const values: unknown[] = [];
    const rows = events.map((e, i) => {
      values.push(e.type, e.aggregateType, e.aggregateId, JSON.stringify(e.payload ?? {}));
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`;
    });
    await sqlExecute(
      em,
      `INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload) VALUES ${rows.join(', ')}`,
      values,
    );
  }

  /**
   * Claims a batch of unpublished events, hands them to `publish`, then marks them published, all in
   * one transaction. SKIP LOCKED lets several relays run side by side. If the process dies after
   * `publish` and before the commit, the events are published again: consumers dedupe by event id.
   */
  async relayBatch(limit: number, publish: (events: OutboxEvent[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const events = await sqlRows<OutboxEvent>(
        em,
        `SELECT id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", payload,
                created_at AS "createdAt", attempts
           FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (!events.length) return 0;
      await publish(events);
      await sqlExecute(
        em,
        `UPDATE outbox_event SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1)`,
        [events.map((e) => e.id)],
      );
      return events.length;
    });
  }

  async countUnpublished(): Promise<number> {
    const row = await sqlRow<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`,
    );
    return row?.n ?? 0;
  }
}
