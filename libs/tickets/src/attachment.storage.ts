import { AppConfig } from '@desk/config';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Allowed types by extension; the stored content type comes from here, never from the client. */
export const ALLOWED_ATTACHMENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.zip': 'application/zip',
};

export function attachmentType(fileName: string): string | null {
  return ALLOWED_ATTACHMENT_TYPES[extname(fileName).toLowerCase()] ?? null;
}

/** Attachment bytes on disk under `<DATA_DIR>/attachments`, addressed by a server-made key. */
@Injectable()
export class AttachmentStorage {
  private readonly root: string;

  constructor(config: AppConfig) {
    this.root = resolve(config.DATA_DIR, 'attachments');
  }

  async save(content: Buffer): Promise<{ storageKey: string; sha256: string; id: string }> {
    const id = randomUUID();
    const storageKey = `${new Date().getUTCFullYear()}/${id}`;
    await mkdir(join(this.root, storageKey, '..'), { recursive: true });
    await writeFile(join(this.root, storageKey), content, { flag: 'wx' });
    return { id, storageKey, sha256: createHash('sha256').update(content).digest('hex') };
  }

  open(storageKey: string): ReadStream {
    return createReadStream(join(this.root, storageKey));
  }

  async remove(storageKey: string): Promise<void> {
    await rm(join(this.root, storageKey), { force: true });
  }
}
