import { sqlRow, sqlRows } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SealedTicketContent } from './ticket.rows';

/** A comment as stored (`POST /tickets/{id}/comments`). */
export interface CommentRow {
  id: string;
  ticketId: string;
  body: string;
  internal: boolean;
  createdAt: Date;
}

/** A comment in the conversation, with its author. */
export interface ConversationCommentRow {
  id: string;
  body: string;
  internal: boolean;
  createdAt: Date;
  author: { id: string; name: string };
}

/** A file's metadata as stored. */
export interface AttachmentRow {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  internal: boolean;
  createdAt: Date;
}

/** A file in the conversation, with its uploader. */
export type ConversationAttachmentRow = AttachmentRow & { uploader: { id: string; name: string } };

/** A file to download: where its bytes are stored. */
export type StoredAttachmentRow = Omit<AttachmentRow, 'createdAt'> & { storageKey: string };

/** A ticket's conversation: its comments (`ticket_comment`) and files (`ticket_attachment`). */
@Injectable()
export class TicketContentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async addComment(
    em: EntityManager,
    c: { ticketId: string; authorId: string; body: string; internal: boolean },
  ): Promise<CommentRow> {
    const row = await sqlRow<CommentRow>(
      em,
      `INSERT INTO ticket_comment (ticket_id, author_id, body, internal) VALUES ($1, $2, $3, $4)
       RETURNING id, ticket_id AS "ticketId", body, internal, created_at AS "createdAt"`,
      [c.ticketId, c.authorId, c.body, c.internal],
    );
    if (!row) throw new Error('ticket_comment insert returned no row');
    return row;
  }

  async comments(ticketId: string, includeInternal: boolean): Promise<ConversationCommentRow[]> {
    return sqlRows<ConversationCommentRow>(
      this.dataSource,
      `SELECT c.id, c.body, c.internal, c.created_at AS "createdAt", json_build_object('id', u.id, 'name', u.name) AS author
         FROM ticket_comment c JOIN app_user u ON u.id = c.author_id
        WHERE c.ticket_id = $1 ${includeInternal ? '' : 'AND NOT c.internal'} ORDER BY c.created_at, c.id`,
      [ticketId],
    );
  }

  async addAttachment(
    em: EntityManager,
    a: {
      id: string;
      ticketId: string;
      uploaderId: string;
      fileName: string;
      contentType: string;
      sizeBytes: number;
      sha256: string;
      storageKey: string;
      internal: boolean;
    },
  ): Promise<AttachmentRow> {
    const row = await sqlRow<AttachmentRow>(
      em,
      `INSERT INTO ticket_attachment (id, ticket_id, uploader_id, file_name, content_type, size_bytes, sha256, storage_key, internal)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING id, file_name AS "fileName", content_type AS "contentType", size_bytes AS "sizeBytes", sha256, internal, created_at AS "createdAt"`,
      [
        a.id,
        a.ticketId,
        a.uploaderId,
        a.fileName,
        a.contentType,
        a.sizeBytes,
        a.sha256,
        a.storageKey,
        a.internal,
      ],
    );
    if (!row) throw new Error('ticket_attachment insert returned no row');
    return row;
  }

  async attachments(ticketId: string, includeInternal: boolean): Promise<ConversationAttachmentRow[]> {
    return sqlRows<ConversationAttachmentRow>(
      this.dataSource,
      `SELECT a.id, a.file_name AS "fileName", a.content_type AS "contentType", a.size_bytes AS "sizeBytes", a.sha256,
              a.internal, a.created_at AS "createdAt", json_build_object('id', u.id, 'name', u.name) AS uploader
         FROM ticket_attachment a JOIN app_user u ON u.id = a.uploader_id
        WHERE a.ticket_id = $1 ${includeInternal ? '' : 'AND NOT a.internal'} ORDER BY a.created_at, a.id`,
      [ticketId],
    );
  }

  async findAttachment(ticketId: string, attachmentId: string): Promise<StoredAttachmentRow | null> {
    return sqlRow<StoredAttachmentRow>(
      this.dataSource,
      `SELECT id, file_name AS "fileName", content_type AS "contentType", size_bytes AS "sizeBytes", sha256, internal,
              storage_key AS "storageKey"
         FROM ticket_attachment WHERE ticket_id = $1 AND id = $2`,
      [ticketId, attachmentId],
    );
  }

  /**
   * Takes a ticket's comments and files off it (a ticket handed to a confidential module): the rows
   * are deleted and returned, the stored bytes stay for the new owner.
   */
  async takeContent(em: EntityManager, ticketId: string): Promise<SealedTicketContent> {
    const comments = await sqlRows<SealedTicketContent['comments'][number]>(
      em,
      `DELETE FROM ticket_comment WHERE ticket_id = $1
       RETURNING author_id AS "authorId", body, internal, created_at AS "createdAt"`,
      [ticketId],
    );
    const attachments = await sqlRows<SealedTicketContent['attachments'][number]>(
      em,
      `DELETE FROM ticket_attachment WHERE ticket_id = $1
       RETURNING id, uploader_id AS "uploaderId", file_name AS "fileName", content_type AS "contentType",
                 size_bytes AS "sizeBytes", sha256, storage_key AS "storageKey", created_at AS "createdAt"`,
      [ticketId],
    );
    const byTime = (a: { createdAt: Date }, b: { createdAt: Date }) =>
      new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();
    return { comments: comments.sort(byTime), attachments: attachments.sort(byTime) };
  }
}
