import { DomainError } from '@desk/common';
import { MAX_ATTACHMENT_BYTES, UploadedFile as Upload } from '@desk/tickets';
import {
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

type UploadRequest = FastifyRequest & { upload?: Upload };

/** One file of at most 10 MB in the multipart field `file`, and at most 5 short text fields. */
const LIMITS = { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5, fieldSize: 1024 };

/**
 * Reads a multipart upload before the route runs (`@fastify/multipart`): the file of the field
 * `file` into memory (its bytes are checked against its name before anything is stored), the text
 * fields into the body. A body that is not multipart leaves no file, and the route answers 400
 * naming `file`. Over a limit: 413 for the file's size, 400 for more parts than allowed.
 */
@Injectable()
class FileUploadInterceptor implements NestInterceptor {
  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<UploadRequest>();
    if (!req.isMultipart()) return next.handle();
    const fields: Record<string, string> = {};
    for await (const part of req.parts({ limits: LIMITS })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw DomainError.invalidField(
            part.fieldname,
            `${part.fieldname} is not a file field (use "file")`,
          );
        }
        const buffer = await part.toBuffer();
        req.upload = { originalname: part.filename, size: buffer.length, buffer };
      } else {
        if (part.valueTruncated)
          throw DomainError.invalidField(part.fieldname, `${part.fieldname} is too long`);
        fields[part.fieldname] = String(part.value);
      }
    }
    req.body = fields;
    return next.handle();
  }
}

/** The route takes one uploaded file (multipart field `file`) and a few text fields. */
export const AcceptsUpload = () => UseInterceptors(FileUploadInterceptor);

/** The file read by `AcceptsUpload`, or undefined when none came. */
export const UploadedFile = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Upload | undefined =>
    ctx.switchToHttp().getRequest<UploadRequest>().upload,
);
