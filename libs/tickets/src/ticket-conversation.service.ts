import { Clock, DomainError } from '@desk/common';
import { TransactionRunner } from '@desk/database';
import { Actor, isAgent } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { AttachmentStorage, UploadedFile } from './attachment.storage';
import { CreateCommentDto } from './dto/comment.dto';
import { TicketStatus } from './entities/ticket.entity';
import { canComment, canWork } from './ticket-access';
import { TicketChangeWriter } from './ticket-change.writer';
import { TicketQueryService } from './ticket-query.service';
import { TicketContentRepository } from './ticket-content.repository';
import { TicketRepository } from './ticket.repository';
import { TicketPatch } from './ticket.rows';
import { TicketErrors } from './tickets.errors';

/** What is said and shared on a ticket: public replies, internal notes and attached files. */
@Injectable()
export class TicketConversationService {
  constructor(
    private readonly repo: TicketRepository,
    private readonly content: TicketContentRepository,
    private readonly writer: TicketChangeWriter,
    private readonly query: TicketQueryService,
    private readonly storage: AttachmentStorage,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async addComment(actor: Actor, id: string, dto: CreateCommentDto) {
    let comment: unknown;
    await this.tx.run(async (em) => {
      await this.query.visibleOrThrow(actor, id, em);
      const t = await this.repo.lock(em, id);
      const agent = canComment(actor, t);
      if (!agent && t.requesterId !== actor.id) throw TicketErrors.notAllowed('comment');
      if (dto.internal && !agent) throw TicketErrors.notAllowed('add internal notes');
      if (t.status === TicketStatus.Closed || t.status === TicketStatus.Cancelled) {
        throw TicketErrors.invalidTransition('comment on', t.status);
      }
      comment = await this.content.addComment(em, {
        ticketId: id,
        authorId: actor.id,
        body: dto.body,
        internal: !!dto.internal,
      });
      const patch: TicketPatch = {};
      const now = this.clock.now();
      if (agent && !dto.internal && !t.firstResponseAt) patch.firstResponseAt = now;
      await this.writer.apply(
        em,
        t,
        {
          patch,
          action: dto.internal ? 'internal_note' : 'commented',
          event: 'ticket.commented',
          note: null,
          at: now,
          // Notifications tell the requester of a public reply, and the agents of the requester's comment.
          payload: {
            commentId: (comment as { id: string }).id,
            internal: !!dto.internal,
            byRequester: actor.id === t.requesterId,
          },
        },
        actor.id,
      );
    });
    return comment;
  }

  async comments(actor: Actor, id: string) {
    await this.query.visibleOrThrow(actor, id);
    return this.content.comments(id, isAgent(actor));
  }

  async addAttachment(actor: Actor, id: string, file: UploadedFile, internal: boolean) {
    const ticket = await this.query.visibleOrThrow(actor, id);
    const agent = canWork(actor, ticket);
    if (!agent && ticket.requesterId !== actor.id) throw TicketErrors.notAllowed('attach files');
    if (internal && !agent) throw TicketErrors.notAllowed('attach internal files');
    return this.storage.saveUpload(file, (upload) =>
      this.tx.run(async (em) => {
        const t = await this.repo.lock(em, id);
        if (t.status === TicketStatus.Closed || t.status === TicketStatus.Cancelled)
          throw TicketErrors.invalidTransition('attach files to', t.status);
        const row = await this.content.addAttachment(em, {
          ...upload,
          ticketId: id,
          uploaderId: actor.id,
          internal,
        });
        await this.writer.apply(
          em,
          t,
          { patch: {}, action: 'attachment_added', event: 'ticket.attachment_added', note: upload.fileName },
          actor.id,
        );
        // The answer is the conversation's `Attachment`, its uploader included.
        return { ...row, uploader: { id: actor.id, name: actor.name } };
      }),
    );
  }

  async attachments(actor: Actor, id: string) {
    await this.query.visibleOrThrow(actor, id);
    return this.content.attachments(id, isAgent(actor));
  }

  async openAttachment(actor: Actor, id: string, attachmentId: string) {
    await this.query.visibleOrThrow(actor, id);
    const a = await this.content.findAttachment(id, attachmentId);
    if (!a || (a.internal && !isAgent(actor))) throw DomainError.notFound('Attachment');
    return { ...a, stream: this.storage.open(a.storageKey) };
  }
}
