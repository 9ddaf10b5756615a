import { DomainError } from '@desk/common';
import { AppConfig } from '@desk/config';
import { canWatchAllIncidents, IncidentService } from '@desk/incidents';
import { AuthService, Actor, SessionRevocations } from '@desk/org-auth';
import { incidentEventsChannel, IncidentStreamEvent } from '@desk/queue';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import IORedis from 'ioredis';
import { PING_INTERVAL_MS } from './ticket-events.service';

/** A stream whose client reads nothing while this much waits to be written is dropped. */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** An outbox id as `Last-Event-ID` carries it; anything else is ignored (a fresh start). */
const EVENT_ID = /^\d{1,18}$/;

interface IncidentStreamClient {
  actor: Actor;
  token: string;
  res: Response;
  until: number;
  /** Live events that arrived while the replay was being read: written after it, in order. */
  held?: IncidentStreamEvent[];
  /** The highest event id written, so a replayed event is not written twice. */
  lastId: bigint;
}

/** One SSE frame; `id:` is the outbox id, which the browser sends back as `Last-Event-ID`. */
const frame = (e: IncidentStreamEvent) =>
  `id: ${e.eventId}\nevent: incident\ndata: ${JSON.stringify({ type: e.type, incidentId: e.incidentId })}\n\n`;

/**
 * The live CSIRT workspace: fans the worker's incident events (their own Redis channel) out to this
 * replica's CSIRT and supervisor streams. Nobody else may open one (404, as for an incident they
 * cannot see), and a role taken away ends the stream at the next check. A reconnecting client sends
 * the last event id it saw and gets the incident events written since from the outbox, so a
 * dropped connection or a lost pub/sub message loses nothing.
 */
@Injectable()
export class IncidentEventsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IncidentEventsService.name);
  private readonly clients = new Set<IncidentStreamClient>();
  private readonly channel: string;
  private subscriber?: IORedis;
  private pinger?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly incidents: IncidentService,
    revocations: SessionRevocations,
  ) {
    this.channel = incidentEventsChannel(config.QUEUE_PREFIX);
    revocations.onChange((userId) => void this.recheck(userId));
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = new IORedis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, raw: string) => this.fanOut(raw));
    const subscribed = this.subscriber.subscribe(this.channel).catch(() => undefined);
    await Promise.race([subscribed, new Promise((r) => setTimeout(r, 2000).unref())]);
    this.pinger = setInterval(() => void this.ping(), PING_INTERVAL_MS);
    this.pinger.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.pinger);
    for (const client of this.clients) client.res.end();
    this.clients.clear();
    this.subscriber?.disconnect();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * Opens the stream for a CSIRT user or supervisor (404 for anyone else, before any header is
   * written), replaying the events after `lastEventId` first. The limits of the ticket stream apply.
   */
  async attach(actor: Actor, token: string, lastEventId: string | undefined, req: Request, res: Response) {
    if (!canWatchAllIncidents(actor)) throw DomainError.notFound('Incident stream');
    if (this.clients.size >= this.config.STREAMS_TOTAL)
      throw DomainError.tooMany('Too many live streams are open on this server; try again shortly', 30);
    let mine = 0;
    for (const client of this.clients) if (client.actor.id === actor.id) mine++;
    if (mine >= this.config.STREAMS_PER_USER)
      throw DomainError.tooMany(
        `At most ${this.config.STREAMS_PER_USER} live incident streams per user; close another tab first`,
        PING_INTERVAL_MS / 1000,
      );
    const after = lastEventId && EVENT_ID.test(lastEventId) ? lastEventId : undefined;
    const client: IncidentStreamClient = {
      actor,
      token,
      res,
      until: Date.now() + this.config.STREAM_MAX_MINUTES * 60_000,
      held: after ? [] : undefined,
      lastId: after ? BigInt(after) : 0n,
    };
    // Listening before the replay is read: what arrives meanwhile is held, then written after it.
    this.clients.add(client);
    const drop = () => this.clients.delete(client);
    req.on('close', drop);
    res.on('error', drop);
    let backlog: IncidentStreamEvent[] = [];
    try {
      if (after) backlog = await this.incidents.liveBacklog(actor, after);
    } catch (error) {
      drop();
      throw error;
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    res.write(`retry: 3000\n: connected\n\n`);
    const held = client.held ?? [];
    client.held = undefined;
    for (const event of [...backlog, ...held]) this.write(client, event);
  }

  private write(client: IncidentStreamClient, event: IncidentStreamEvent): void {
    const id = BigInt(event.eventId);
    if (id <= client.lastId) return; // replayed already
    client.lastId = id;
    client.res.write(frame(event));
  }

  private fanOut(raw: string): void {
    let message: IncidentStreamEvent;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof message?.incidentId !== 'string' || !EVENT_ID.test(String(message.eventId))) return;
    const event: IncidentStreamEvent = {
      eventId: String(message.eventId),
      type: String(message.type),
      incidentId: message.incidentId,
    };
    for (const client of this.clients) {
      if (!canWatchAllIncidents(client.actor)) continue;
      if (client.held) client.held.push(event);
      else this.write(client, event);
    }
  }

  private async ping(): Promise<void> {
    const now = Date.now();
    for (const client of [...this.clients]) {
      if (client.until <= now || client.res.writableLength > MAX_BUFFERED_BYTES) {
        this.end(client);
        continue;
      }
      if (client.held) continue; // still replaying
      if (await this.revalidate(client)) client.res.write(': ping\n\n');
    }
  }

  private end(client: IncidentStreamClient): void {
    this.clients.delete(client);
    client.res.end();
    client.res.socket?.destroySoon?.();
  }

  private async recheck(userId: string | null): Promise<void> {
    for (const client of [...this.clients])
      if (userId === null || client.actor.id === userId) await this.revalidate(client);
  }

  /** A token no longer valid, or a user no longer CSIRT or supervisor, ends the stream. */
  private async revalidate(client: IncidentStreamClient): Promise<boolean> {
    try {
      client.actor = await this.auth.authenticate(client.token);
      if (canWatchAllIncidents(client.actor)) return true;
    } catch {
      /* ended below */
    }
    this.logger.debug?.('incident stream closed: token or role no longer valid');
    this.end(client);
    return false;
  }
}
