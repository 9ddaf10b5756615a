import { DomainError } from '@desk/common';
import { AppConfig } from '@desk/config';
import { AuthService, Actor, SessionRevocations } from '@desk/org-auth';
import { RecordKind, recordEventsChannel, RecordStreamEvent } from '@desk/queue';
import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SseClient, SseClients } from './sse-clients';

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

interface RecordStreamClient extends SseClient {
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
  private readonly clients: SseClients<RecordStreamClient>;
  private readonly channel: string;

  protected constructor(
    private readonly spec: RecordStreamSpec,
    private readonly config: AppConfig,
    auth: AuthService,
    revocations: SessionRevocations,
  ) {
    this.logger = new Logger(`${spec.kind} stream`);
    this.channel = recordEventsChannel(config.QUEUE_PREFIX, spec.kind);
    this.clients = new SseClients<RecordStreamClient>(config, auth, revocations, {
      kind: spec.kind,
      limitLabel: `live ${spec.kind}`,
      logger: this.logger,
      mayListen: (actor) => spec.canOpen(actor),
      busy: (client) => client.held !== undefined,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.clients.start(this.channel, (raw) => this.fanOut(raw));
  }

  onApplicationShutdown(): void {
    this.clients.stop();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * Opens the stream (404 for a caller who may not listen), replaying the events after
   * `lastEventId` first. The limits of the ticket stream apply.
   */
  async attach(
    actor: Actor,
    token: string,
    lastEventId: string | undefined,
    req: FastifyRequest,
    reply: FastifyReply,
  ) {
    if (!this.spec.canOpen(actor)) throw DomainError.notFound(this.spec.label);
    this.clients.admit(actor);
    const after = lastEventId && EVENT_ID.test(lastEventId) ? lastEventId : undefined;
    const client: RecordStreamClient = {
      actor,
      token,
      res: reply.raw,
      until: Date.now() + this.config.STREAM_MAX_MINUTES * 60_000,
      held: after ? [] : undefined,
      lastId: after ? BigInt(after) : 0n,
      queue: Promise.resolve(),
    };
    // Listening before the replay is read: what arrives meanwhile is held, then written after it.
    const drop = this.clients.add(client, req);
    let backlog: RecordStreamEvent[] = [];
    try {
      if (after) backlog = await this.spec.backlog(actor, after);
    } catch (error) {
      drop();
      throw error;
    }
    this.clients.writeHead(req, reply);
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
}
