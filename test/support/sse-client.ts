import { get, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import type { TestApi } from './harness';

export interface SseFrame {
  event: string;
  id: string | null;
  data: { type: string; id?: string; incidentId?: string; ticketId?: string };
}

/** A minimal Server-Sent Events client: collects every event frame of one open stream. */
export class SseClient {
  readonly frames: SseFrame[] = [];
  comments = 0;
  status = 0;
  headers: IncomingMessage['headers'] = {};
  body = '';
  private res?: IncomingMessage;
  private buffer = '';

  static open(api: TestApi, path: string, headers: Record<string, string>): Promise<SseClient> {
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers }, (res) => {
        client.res = res;
        client.status = res.statusCode ?? 0;
        client.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.feed(chunk));
        res.on('error', () => undefined);
        const ready = () => (client.comments > 0 || client.status !== 200 ? resolve(client) : undefined);
        res.on('data', ready);
        res.on('end', () => resolve(client));
      }).on('error', reject);
    });
  }

  private feed(chunk: string) {
    if (this.status !== 200) {
      this.body += chunk;
      return;
    }
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const lines = this.buffer.slice(0, end).split('\n');
      this.buffer = this.buffer.slice(end + 2);
      if (lines.some((l) => l.startsWith(':'))) this.comments++;
      const field = (name: string) =>
        lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
      const data = field('data');
      if (field('event') && data)
        this.frames.push({ event: field('event')!, id: field('id'), data: JSON.parse(data) });
    }
  }

  /** The frames about one record (an incident, change or problem). */
  about(recordId: string) {
    return this.frames.filter((f) => f.data.incidentId === recordId || f.data.id === recordId);
  }

  close() {
    this.res?.destroy();
  }
}
