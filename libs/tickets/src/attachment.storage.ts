import { AppConfig } from '@desk/config';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { fromBuffer } from 'file-type';

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

const OFFICE_ZIP = ['zip', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'];

/**
 * What the bytes of each allowed extension must look like, as `file-type` names it (`cfb` is the
 * old Office container). Text types must not look like any binary format at all.
 */
const EXPECTED_BYTES: Record<string, string[] | 'text'> = {
  '.pdf': ['pdf'],
  '.png': ['png'],
  '.jpg': ['jpg'],
  '.jpeg': ['jpg'],
  '.gif': ['gif'],
  '.webp': ['webp'],
  '.txt': 'text',
  '.log': 'text',
  '.csv': 'text',
  '.doc': ['cfb'],
  '.xls': ['cfb'],
  '.docx': ['docx', 'zip'],
  '.xlsx': ['xlsx', 'zip'],
  '.odt': ['odt', 'zip'],
  '.ods': ['ods', 'zip'],
  '.zip': OFFICE_ZIP,
};

/**
 * Whether the file's bytes are what its name says (file-type reads the magic numbers). An
 * executable renamed to `.png` is not; neither is a binary file named `.txt`.
 */
export async function bytesMatchName(fileName: string, content: Buffer): Promise<boolean> {
  const expected = EXPECTED_BYTES[extname(fileName).toLowerCase()];
  if (!expected) return false;
  const detected = await fromBuffer(content);
  if (expected === 'text') return !detected && !content.subarray(0, 8192).includes(0);
  return !!detected && expected.includes(detected.ext);
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
