import { Client } from 'pg';

/**
 * LISTENs on a PostgreSQL channel and calls `onNotify` for each notification, reconnecting after a
 * second whenever the connection drops (PostgreSQL restarts). Only a wake-up signal: callers also
 * poll, so a notification lost during a reconnect delays work by one poll interval at most.
 */
export class PgListener {
  private client?: Client;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onNotify: () => void,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.url,
      application_name: `spbe-desk-${this.channel}-listener`,
    });
    const retry = () => {
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.connect(), 1000);
    };
    client.on('error', retry);
    client.on('notification', () => this.onNotify());
    try {
      await client.connect();
      // LISTEN holds this dedicated pg connection, outside TypeORM's pool: no rows, no helper.
      // eslint-disable-next-line no-restricted-syntax
      await client.query(`LISTEN ${this.channel}`);
      this.client = client;
    } catch {
      retry();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }
}
