import { DomainError, reportConnectionErrors } from '@desk/common';
import { AppConfig } from '@desk/config';
import { Actor, AuthService, SessionRevocations } from '@desk/org-auth';
import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import IORedis from 'ioredis';

/** Proxies and load balancers drop idle connections after 30-60 s: a comment line keeps it open. */
export const PING_INTERVAL_MS = 25_000;

/** A stream whose client reads nothing while this much waits to be written is dropped. */
const MAX_BUFFERED_BYTES = 256 * 1024;

/** One connected Server-Sent Events client. */
export interface SseClient {
  actor: Actor;
  token: string;
  /** The socket's answer, written directly (the stream bypasses Fastify's reply). */
  res: ServerResponse;
  /** When the stream is ended (the client reconnects with a fresh check). */
  until: number;
}

export interface SseClientsOptions<C extends SseClient> {
  /** The stream's name in the per-user limit message and the log (`ticket`, `incident`). */
  kind: string;
  /** Words before "streams per user" in the 429 (`live`, `live incident`). */
  limitLabel: string;
  logger: Logger;
  /** Whether the (re-authenticated) user may still listen; a stream whose user may not ends. */
  mayListen(actor: Actor): boolean;
  /** A client the ping passes over for now (still replaying its backlog). */
  busy?(client: C): boolean;
}

/**
 * The connected clients of one live stream on this api replica, and what every stream does with
 * them the same way: its Redis subscription, the per-user and per-process limits, the event-stream
 * headers, the ping that keeps idle connections open and ends old or stuck ones, and the re-check
 * of each client's token (on every ping and at once when a session or role changes), which ends
 * the stream of a user who may no longer listen. What goes out on the stream is the owner's.
 */
export class SseClients<C extends SseClient> {
  private readonly clients = new Set<C>();
  private subscriber?: IORedis;
  private pinger?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    revocations: SessionRevocations,
    private readonly opts: SseClientsOptions<C>,
  ) {
    // A password change, reset, deactivation or role change ends the user's open streams at once.
    revocations.onChange((userId) => void this.recheck(userId));
  }

  /** Subscribes to `channel` (messages go to `onMessage`) and starts the ping. */
  async start(channel: string, onMessage: (raw: string) => void): Promise<void> {
    // A subscriber connection cannot run other commands; ioredis re-subscribes after a reconnect.
    this.subscriber = new IORedis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    reportConnectionErrors(this.subscriber, this.opts.logger, `redis (live ${this.opts.kind} subscriber)`);
    this.subscriber.on('message', (_channel: string, raw: string) => onMessage(raw));
    // Redis being down must not stop the api from starting: the subscription completes on connect.
    const subscribed = this.subscriber.subscribe(channel).catch(() => undefined);
    await Promise.race([subscribed, new Promise((r) => setTimeout(r, 2000).unref())]);
    this.pinger = setInterval(() => void this.ping(), PING_INTERVAL_MS);
    this.pinger.unref();
  }

  stop(): void {
    clearInterval(this.pinger);
    for (const client of this.clients) client.res.end();
    this.clients.clear();
    this.subscriber?.disconnect();
  }

  get size(): number {
    return this.clients.size;
  }

  has(client: C): boolean {
    return this.clients.has(client);
  }

  [Symbol.iterator](): IterableIterator<C> {
    return this.clients.values();
  }

  /** Beyond STREAMS_PER_USER streams of one user or STREAMS_TOTAL on this process: 429 with Retry-After. */
  admit(actor: Actor): void {
    if (this.clients.size >= this.config.STREAMS_TOTAL)
      throw DomainError.tooMany('Too many live streams are open on this server; try again shortly', 30);
    let mine = 0;
    for (const client of this.clients) if (client.actor.id === actor.id) mine++;
    if (mine >= this.config.STREAMS_PER_USER)
      throw DomainError.tooMany(
        `At most ${this.config.STREAMS_PER_USER} ${this.opts.limitLabel} streams per user; close another tab first`,
        PING_INTERVAL_MS / 1000,
      );
  }

  /** Adds the client until its request closes; returns the function that removes it. */
  add(client: C, req: FastifyRequest): () => void {
    this.clients.add(client);
    const drop = () => this.clients.delete(client);
    req.raw.on('close', drop);
    client.res.on('error', drop);
    return drop;
  }

  /**
   * Turns the response into an event stream: the headers set so far (security headers, the request
   * id) go on the socket's answer, and Fastify leaves the answer to the stream from then on.
   */
  writeHead(req: FastifyRequest, reply: FastifyReply): void {
    const res = reply.raw;
    for (const [name, value] of Object.entries(reply.getHeaders()))
      if (value !== undefined) res.setHeader(name, value as string | number | string[]);
    reply.hijack();
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no'); // nginx: do not buffer the stream
    res.flushHeaders();
    req.raw.socket.setNoDelay(true);
    req.raw.socket.setTimeout(0);
    // A reconnecting EventSource waits `retry` ms; the first line also tells proxies data flows.
    res.write(`retry: 3000\n: connected\n\n`);
  }

  /**
   * Keeps idle connections open and re-checks each client's token: a stream ends when it is too
   * old, its client reads nothing (the socket buffer keeps growing), the token expires, the user
   * is deactivated or may no longer listen; a changed role takes effect (the client reconnects).
   */
  private async ping(): Promise<void> {
    const now = Date.now();
    for (const client of [...this.clients]) {
      if (client.until <= now || client.res.writableLength > MAX_BUFFERED_BYTES) {
        this.end(client);
        continue;
      }
      if (this.opts.busy?.(client)) continue;
      if (await this.revalidate(client)) client.res.write(': ping\n\n');
    }
  }

  private end(client: C): void {
    this.clients.delete(client);
    client.res.end();
    client.res.socket?.destroySoon?.();
  }

  /** Re-checks the tokens of one user's streams (every stream for `null`). */
  private async recheck(userId: string | null): Promise<void> {
    for (const client of [...this.clients])
      if (userId === null || client.actor.id === userId) await this.revalidate(client);
  }

  private async revalidate(client: C): Promise<boolean> {
    try {
      client.actor = await this.auth.authenticate(client.token);
      if (this.opts.mayListen(client.actor)) return true;
    } catch {
      /* ended below */
    }
    this.opts.logger.debug?.(`${this.opts.kind} stream closed: token or role no longer valid`);
    this.end(client);
    return false;
  }
}
