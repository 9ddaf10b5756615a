import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum ArticleKind {
  HowTo = 'howto',
  KnownError = 'known_error',
  Faq = 'faq',
}

/** Who may read an article, widest first (see `readableVisibilities`). */
export enum ArticleVisibility {
  Public = 'public',
  Agents = 'agents',
  Tier2 = 'tier2',
  Csirt = 'csirt',
}

export enum ArticleStatus {
  Draft = 'draft',
  InReview = 'in_review',
  Published = 'published',
  Archived = 'archived',
}

/**
 * A knowledge-base article. `searchVector` and `titleSearch` are derived from the text by the app
 * (Indonesian stems are computed in JavaScript) on every write; `bodyHtml` is the sanitised render.
 */
@Entity('kb_article')
export class KbArticleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'kb_article_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  @Column({ type: 'text' })
  bodyText: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ArticleKind;

  @Column({ type: 'text', nullable: true })
  symptom: string | null;

  @Column({ type: 'text', nullable: true })
  cause: string | null;

  @Column({ type: 'text', nullable: true })
  workaround: string | null;

  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'varchar', length: 16 })
  visibility: ArticleVisibility;

  @Column({ type: 'varchar', length: 16, default: ArticleStatus.Draft })
  status: ArticleStatus;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'uuid', nullable: true })
  reviewerId: string | null;

  @Column({ type: 'date', nullable: true })
  reviewBy: string | null;

  @Column({ type: 'date', nullable: true })
  reviewRemindedFor: string | null;

  @Column({ type: 'uuid', nullable: true })
  sourceTicketId: string | null;

  @Column({ type: 'int', default: 0 })
  viewCount: number;

  @Column({ type: 'int', default: 0 })
  helpfulCount: number;

  @Column({ type: 'int', default: 0 })
  notHelpfulCount: number;

  @Column({ type: 'int', default: 0 })
  deflectionCount: number;

  @Column({ type: 'text' })
  titleSearch: string;

  @Column({ type: 'tsvector', select: false })
  searchVector: string;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
