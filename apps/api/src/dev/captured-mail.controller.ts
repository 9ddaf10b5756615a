import { DomainError } from '@desk/common';
import { AppConfig } from '@desk/config';
import { Role } from '@desk/org-auth';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Roles } from '../http/auth.guard';
import { Returns, ReturnsList } from '../openapi/contracts';

/** mailparser is a development package: loaded on first use, never at start-up. */
const parse = async (raw: string) => (await import('mailparser')).simpleParser(raw);

interface CapturedFile {
  id: string;
  receivedAt: string;
  from: string | null;
  to: string[];
  raw: string;
}

/**
 * The development SMTP capture's mail (npm start stores it under .data/mail), for admins. Registered
 * by CapturedMailModule only when MAIL_CAPTURE_DIR is set and never in production.
 */
@ApiTags('development')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('dev/mail')
export class CapturedMailController {
  constructor(private readonly config: AppConfig) {}

  private dir(): string {
    if (!this.config.MAIL_CAPTURE_DIR || this.config.isProduction) throw DomainError.notFound('Mail capture');
    return resolve(this.config.MAIL_CAPTURE_DIR);
  }

  @Get()
  @ReturnsList('CapturedMailSummary')
  async list() {
    const dir = this.dir();
    const files = (await readdir(dir).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .reverse()
      .slice(0, 200);
    return Promise.all(
      files.map(async (f) => {
        const mail: CapturedFile = JSON.parse(await readFile(join(dir, f), 'utf8'));
        const parsed = await parse(mail.raw);
        return {
          id: mail.id,
          receivedAt: mail.receivedAt,
          from: mail.from,
          to: mail.to,
          subject: parsed.subject ?? '',
        };
      }),
    );
  }

  @Get(':id')
  @Returns('CapturedMail')
  async get(@Param('id') id: string) {
    if (!/^[\w-]{1,80}$/.test(id)) throw DomainError.notFound('Mail');
    const raw = await readFile(join(this.dir(), `${id}.json`), 'utf8').catch(() => null);
    if (!raw) throw DomainError.notFound('Mail');
    const mail: CapturedFile = JSON.parse(raw);
    const parsed = await parse(mail.raw);
    return {
      id: mail.id,
      receivedAt: mail.receivedAt,
      from: mail.from,
      to: mail.to,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html || null,
      attachments: parsed.attachments.map((a) => ({
        fileName: a.filename,
        contentType: a.contentType,
        size: a.size,
      })),
    };
  }
}
