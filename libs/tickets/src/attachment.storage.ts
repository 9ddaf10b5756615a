import { DomainError, ErrorCode } from '@desk/common';
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

/** An uploaded file as the api read it (apps/api/src/http/uploads.ts). */
export interface UploadedFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

/** An upload that passed the checks: a safe name and the content type its extension allows. */
export interface CheckedUpload {
  fileName: string;
  contentType: string;
}

/** A checked upload once its bytes are stored: what its row records. */
export interface StoredUpload extends CheckedUpload {
  id: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

/**
 * The rules of every uploaded file, ticket attachment or incident evidence alike: at most 10 MB
 * (413), a name without path separators or control characters (they never reach a header or a
 * log line), an allowed extension (415) and bytes that are what the extension says (415).
 */
export async function checkUpload(file: UploadedFile): Promise<CheckedUpload> {
  if (file.size > MAX_ATTACHMENT_BYTES)
    throw new DomainError(ErrorCode.PayloadTooLarge, 'Files may be at most 10 MB');
  // eslint-disable-next-line no-control-regex
  const fileName = file.originalname.replace(/[\\/\u0000-\u001f]/g, '_').slice(-200) || 'file';
  const contentType = attachmentType(fileName);
  if (!contentType) {
    throw new DomainError(ErrorCode.UnsupportedMediaType, 'This file type is not allowed', {
      errors: [{ field: 'file', message: 'allowed: pdf, images, office documents, text, csv, zip' }],
    });
  }
  if (!(await bytesMatchName(fileName, file.buffer))) {
    throw new DomainError(ErrorCode.UnsupportedMediaType, 'The file’s content does not match its type', {
      errors: [{ field: 'file', message: `the bytes of this file are not a ${contentType} file` }],
    });
  }
  return { fileName, contentType };
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

  /**
   * Checks an upload (`checkUpload`), stores its bytes, then runs `record` (the transaction that
   * writes the file's row) with the stored file; when that fails the bytes are removed again, so no
   * file is ever left without its row. Ticket attachments and incident evidence both come here.
   */
  async saveUpload<T>(file: UploadedFile, record: (upload: StoredUpload) => Promise<T>): Promise<T> {
    const { fileName, contentType } = await checkUpload(file);
    const stored = await this.save(file.buffer);
    try {
      return await record({ ...stored, fileName, contentType, sizeBytes: file.size });
    } catch (error) {
      await this.remove(stored.storageKey);
      throw error;
    }
  }

  open(storageKey: string): ReadStream {
    return createReadStream(join(this.root, storageKey));
  }

  async remove(storageKey: string): Promise<void> {
    await rm(join(this.root, storageKey), { force: true });
  }
}
