import { DomainError, reportConnectionErrors } from '@desk/common';
import { AppConfig } from '@desk/config';
import { Actor, AuthService, SessionRevocations } from '@desk/org-auth';
import { canSeeTicket } from '@desk/tickets';
import { TicketChangeMessage, ticketEventsChannel, TicketStreamEvent } from '@desk/queue';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import IORedis from 'ioredis';

/** Proxies and load balancers drop idle connections after 30-60 s: a comment line keeps it open. */
export const PING_INTERVAL_MS = 25_000;

interface StreamClient {
  actor: Actor;
  token: string;
  res: Response;
  /** When the stream is ended (the client reconnects with a fresh check). */
  until: number;
}

/** A stream whose client reads nothing while this much waits to be written is dropped. */
const MAX_BUFFERED_BYTES = 256 * 1024;

/** "Who sees what" for one event: the same definition as every ticket query's SQL scope. */
export function canSeeEvent(actor: Actor, m: TicketChangeMessage): boolean {
  return canSeeTicket(actor, m);
}

/**
 * Fans the worker's ticket events (Redis pub/sub, one subscriber connection per api replica) out to
 * this replica's Server-Sent Events clients, each filtered by what its user may see.
 */
@Injectable()
export class TicketEventsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TicketEventsService.name);
  private readonly clients = new Set<StreamClient>();
  private readonly channel: string;
  private subscriber?: IORedis;
  private pinger?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    revocations: SessionRevocations,
  ) {
    this.channel = ticketEventsChannel(config.QUEUE_PREFIX);
    // A password change, reset, deactivation or role change ends the user's open streams at once.
    revocations.onChange((userId) => void this.recheck(userId));
  }

  async onModuleInit(): Promise<void> {
    // A subscriber connection cannot run other commands; ioredis re-subscribes after a reconnect.
    this.subscriber = new IORedis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    reportConnectionErrors(this.subscriber, this.logger, 'redis (live event subscriber)');
    this.subscriber.on('message', (_channel: string, raw: string) => this.fanOut(raw));
    // Redis being down must not stop the api from starting: the subscription completes on connect.
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

  /**
   * Turns the response into an event stream until the client goes away, the stream reaches its
   * maximum age, or the token stops being valid. Beyond STREAMS_PER_USER streams of one user or
   * STREAMS_TOTAL streams on this process: 429 with Retry-After.
   */
  attach(actor: Actor, token: string, req: Request, res: Response): void {
    if (this.clients.size >= this.config.STREAMS_TOTAL)
      throw DomainError.tooMany('Too many live streams are open on this server; try again shortly', 30);
    let mine = 0;
    for (const client of this.clients) if (client.actor.id === actor.id) mine++;
    if (mine >= this.config.STREAMS_PER_USER)
      throw DomainError.tooMany(
        `At most ${this.config.STREAMS_PER_USER} live streams per user; close another tab first`,
        PING_INTERVAL_MS / 1000,
      );
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no'); // nginx: do not buffer the stream
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    // A reconnecting EventSource waits `retry` ms; the first line also tells proxies data flows.
    res.write(`retry: 3000\n: connected\n\n`);
    const client: StreamClient = {
      actor,
      token,
      res,
      until: Date.now() + this.config.STREAM_MAX_MINUTES * 60_000,
    };
    this.clients.add(client);
    const drop = () => this.clients.delete(client);
    req.on('close', drop);
    res.on('error', drop);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  private fanOut(raw: string): void {
    let message: TicketChangeMessage;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof message?.ticketId !== 'string') return;
    const event: TicketStreamEvent = {
      type: message.type,
      ticketId: message.ticketId,
      unitId: message.unitId,
      teamId: message.teamId ?? null,
      queueClock: message.queueClock ?? null,
      row: message.row ?? null,
    };
    const frame = `event: ticket\ndata: ${JSON.stringify(event)}\n\n`;
    for (const client of this.clients) if (canSeeEvent(client.actor, message)) client.res.write(frame);
  }

  /**
   * Keeps idle connections open and re-checks each client's token: a stream ends when the token
   * expires or the user is deactivated, and a changed role takes effect (the client reconnects).
   */
  private async ping(): Promise<void> {
    const now = Date.now();
    for (const client of [...this.clients]) {
      // Too old, or a client that reads nothing (its socket buffer keeps growing): end it.
      if (client.until <= now || client.res.writableLength > MAX_BUFFERED_BYTES) {
        this.end(client);
        continue;
      }
      if (await this.revalidate(client)) client.res.write(': ping\n\n');
    }
  }

  private end(client: StreamClient): void {
    this.clients.delete(client);
    client.res.end();
    client.res.socket?.destroySoon?.();
  }

  /** Re-checks the tokens of one user's streams (every stream for `null`). */
  private async recheck(userId: string | null): Promise<void> {
    for (const client of [...this.clients])
      if (userId === null || client.actor.id === userId) await this.revalidate(client);
  }

  private async revalidate(client: StreamClient): Promise<boolean> {
    try {
      client.actor = await this.auth.authenticate(client.token);
      return true;
    } catch {
      this.logger.debug?.('stream closed: token no longer valid');
      this.end(client);
      return false;
    }
  }
}
