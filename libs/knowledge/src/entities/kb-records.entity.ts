import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The article's title and body as saved by one edit; `revision` equals the article version. */
@Entity('kb_article_revision')
export class KbArticleRevisionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'kb_article_revision_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  articleId: string;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid' })
  changedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One user's "was this helpful?" answer; the primary key keeps it to one per user. */
@Entity('kb_article_vote')
export class KbArticleVoteEntity {
  @PrimaryColumn({ type: 'uuid' })
  articleId: string;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @Column({ type: 'boolean' })
  helpful: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A draft ticket its requester abandoned because an article solved the problem. */
@Entity('kb_deflection')
export class KbDeflectionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'kb_deflection_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  articleId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  ticketTitle: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A ticket and an article that belong together (the article answers it, or came from it). */
@Entity('kb_ticket_link')
export class KbTicketLinkEntity {
  @PrimaryColumn({ type: 'uuid' })
  articleId: string;

  @PrimaryColumn({ type: 'uuid' })
  ticketId: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
