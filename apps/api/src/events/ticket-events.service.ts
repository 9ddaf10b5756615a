import { AppConfig } from '@desk/config';
import { Actor, AuthService, SessionRevocations } from '@desk/org-auth';
import { canSeeTicket } from '@desk/tickets';
import { TicketChangeMessage, ticketEventsChannel, TicketStreamEvent } from '@desk/queue';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SseClient, SseClients } from './sse-clients';

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
  private readonly clients: SseClients<SseClient>;
  private readonly channel: string;

  constructor(
    private readonly config: AppConfig,
    auth: AuthService,
    revocations: SessionRevocations,
  ) {
    this.channel = ticketEventsChannel(config.QUEUE_PREFIX);
    this.clients = new SseClients(config, auth, revocations, {
      kind: 'ticket',
      limitLabel: 'live',
      logger: new Logger(TicketEventsService.name),
      mayListen: () => true,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.clients.start(this.channel, (raw) => this.fanOut(raw));
  }

  onApplicationShutdown(): void {
    this.clients.stop();
  }

  /**
   * Turns the response into an event stream until the client goes away, the stream reaches its
   * maximum age, or the token stops being valid. Beyond STREAMS_PER_USER streams of one user or
   * STREAMS_TOTAL streams on this process: 429 with Retry-After.
   */
  attach(actor: Actor, token: string, req: FastifyRequest, reply: FastifyReply): void {
    this.clients.admit(actor);
    this.clients.writeHead(req, reply);
    this.clients.add(
      { actor, token, res: reply.raw, until: Date.now() + this.config.STREAM_MAX_MINUTES * 60_000 },
      req,
    );
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
}
