import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MailMessage } from './mail-message.entity';

/** A file sent with a mail; `contentId` makes it an inline image (`<img src="cid:...">`). */
@Entity('mail_attachment')
@Index('mail_attachment_mail_position_key', ['mailId', 'position'], { unique: true })
export class MailAttachment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mail_attachment_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  mailId: string;

  @ManyToOne(() => MailMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mail_id', foreignKeyConstraintName: 'mail_attachment_mail_id_fkey' })
  mail?: MailMessage;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'text' })
  fileName: string;

  @Column({ type: 'text' })
  contentType: string;

  @Column({ type: 'text', nullable: true })
  contentId: string | null;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'bytea' })
  content: Buffer;
}
