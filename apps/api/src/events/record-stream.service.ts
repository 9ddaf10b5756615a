import { DomainError } from '@desk/common';
import { AppConfig } from '@desk/config';
import { AuthService, Actor, SessionRevocations } from '@desk/org-auth';
import { RecordKind, recordEventsChannel, RecordStreamEvent } from '@desk/queue';
import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import IORedis from 'ioredis';
import { PING_INTERVAL_MS } from './ticket-events.service';

/** A stream whose client reads nothing while this much waits to be written is dropped. */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** An outbox id as `Last-Event-ID` carries it; anything else is ignored (a fresh start). */
const EVENT_ID = /^\d{1,18}$/;

/** What one kind of record stream needs from its library: who may listen, and who sees which record. */
export interface RecordStreamSpec {
  kind: RecordKind;
  /** The key naming the record in each event's data (`incidentId`, or `id`). */
  idKey: string;
  /** What a refused caller is told was not found (`Incident stream`). */
  label: string;
  /** Whether the caller may open the stream at all (404 otherwise, and the stream ends if lost). */
  canOpen(actor: Actor): boolean;
  /** Whether the caller sees every record of the kind (no per-event query then). */
  seesAll(actor: Actor): boolean;
  /** Which of these records the caller sees now: the same rule as the kind's lists. */
  visible(actor: Actor, ids: string[]): Promise<Set<string>>;
  /** The events after `afterEventId` on records the caller sees, oldest first. */
  backlog(actor: Actor, afterEventId: string): Promise<RecordStreamEvent[]>;
}

interface RecordStreamClient {
  actor: Actor;
  token: string;
  res: Response;
  until: number;
  /** Live events that arrived while the replay was being read: written after it, in order. */
  held?: RecordStreamEvent[];
  /** The highest event id written, so a replayed event is not written twice. */
  lastId: bigint;
  /** Events pass the visibility check one after another, so they are written in order. */
  queue: Promise<void>;
}

/**
 * One live record stream (incidents, changes or problems): fans the worker's events of its kind
 * (their own Redis channel) out to this replica's clients, each event only to the clients who may see
 * that record by the rule its list uses, checked when the event arrives. A caller who may see none of
 * the kind gets 404 before any header is written, and a role or session taken away ends the stream at
 * the next check. A reconnecting client sends the last event id it saw and gets the events written
 * since on records it sees, from the outbox, so a dropped connection or a lost message loses nothing.
 */
export abstract class RecordStreamService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly clients = new Set<RecordStreamClient>();
  private readonly channel: string;
  private subscriber?: IORedis;
  private pinger?: NodeJS.Timeout;

  protected constructor(
    private readonly spec: RecordStreamSpec,
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    revocations: SessionRevocations,
  ) {
    this.logger = new Logger(`${spec.kind} stream`);
    this.channel = recordEventsChannel(config.QUEUE_PREFIX, spec.kind);
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
   * Opens the stream (404 for a caller who may not listen), replaying the events after
   * `lastEventId` first. The limits of the ticket stream apply.
   */
  async attach(actor: Actor, token: string, lastEventId: string | undefined, req: Request, res: Response) {
    if (!this.spec.canOpen(actor)) throw DomainError.notFound(this.spec.label);
    if (this.clients.size >= this.config.STREAMS_TOTAL)
      throw DomainError.tooMany('Too many live streams are open on this server; try again shortly', 30);
    let mine = 0;
    for (const client of this.clients) if (client.actor.id === actor.id) mine++;
    if (mine >= this.config.STREAMS_PER_USER)
      throw DomainError.tooMany(
        `At most ${this.config.STREAMS_PER_USER} live ${this.spec.kind} streams per user; close another tab first`,
        PING_INTERVAL_MS / 1000,
      );
    const after = lastEventId && EVENT_ID.test(lastEventId) ? lastEventId : undefined;
    const client: RecordStreamClient = {
      actor,
      token,
      res,
      until: Date.now() + this.config.STREAM_MAX_MINUTES * 60_000,
      held: after ? [] : undefined,
      lastId: after ? BigInt(after) : 0n,
      queue: Promise.resolve(),
    };
    // Listening before the replay is read: what arrives meanwhile is held, then written after it.
    this.clients.add(client);
    const drop = () => this.clients.delete(client);
    req.on('close', drop);
    res.on('error', drop);
    let backlog: RecordStreamEvent[] = [];
    try {
      if (after) backlog = await this.spec.backlog(actor, after);
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
    // Live events still being checked go into `held` first.
    await client.queue;
    const held = client.held ?? [];
    client.held = undefined;
    for (const event of [...backlog, ...held]) this.write(client, event);
  }

  private write(client: RecordStreamClient, event: RecordStreamEvent): void {
    const id = BigInt(event.eventId);
    if (id <= client.lastId) return; // replayed already
    client.lastId = id;
    const data = { type: event.type, [this.spec.idKey]: event.recordId };
    client.res.write(`id: ${event.eventId}\nevent: ${this.spec.kind}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private fanOut(raw: string): void {
    let message: RecordStreamEvent;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof message?.recordId !== 'string' || !EVENT_ID.test(String(message.eventId))) return;
    const event: RecordStreamEvent = {
      eventId: String(message.eventId),
      type: String(message.type),
      recordId: message.recordId,
    };
    // One check per user and event, however many tabs the user has open.
    const checked = new Map<string, Promise<boolean>>();
    for (const client of this.clients) {
      client.queue = client.queue.then(async () => {
        if (!this.clients.has(client)) return;
        let sees = checked.get(client.actor.id);
        if (!sees) checked.set(client.actor.id, (sees = this.sees(client.actor, event.recordId)));
        if (!(await sees)) return;
        if (client.held) client.held.push(event);
        else this.write(client, event);
      });
    }
  }

  /** The record rule at the moment the event arrives; a failed check withholds the event. */
  private async sees(actor: Actor, recordId: string): Promise<boolean> {
    if (!this.spec.canOpen(actor)) return false;
    if (this.spec.seesAll(actor)) return true;
    try {
      return (await this.spec.visible(actor, [recordId])).has(recordId);
    } catch (error) {
      this.logger.warn(`visibility check failed, event withheld: ${(error as Error).message}`);
      return false;
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

  private end(client: RecordStreamClient): void {
    this.clients.delete(client);
    client.res.end();
    client.res.socket?.destroySoon?.();
  }

  private async recheck(userId: string | null): Promise<void> {
    for (const client of [...this.clients])
      if (userId === null || client.actor.id === userId) await this.revalidate(client);
  }

  /** A token no longer valid, or a user who may no longer listen, ends the stream. */
  private async revalidate(client: RecordStreamClient): Promise<boolean> {
    try {
      client.actor = await this.auth.authenticate(client.token);
      if (this.spec.canOpen(client.actor)) return true;
    } catch {
      /* ended below */
    }
    this.logger.debug?.(`${this.spec.kind} stream closed: token or role no longer valid`);
    this.end(client);
    return false;
  }
}
