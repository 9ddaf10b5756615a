import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { WorkerModule } from '../../apps/worker/src/worker.module';

export interface CapturedMail {
  envelopeTo: string[];
  envelopeFrom: string | null;
  parsed: ParsedMail;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  to: string;
}

/**
 * A real SMTP server in the test process (smtp-server), parsing every mail with mailparser. It can
 * be stopped and started again on the same port (an SMTP outage), and refuse chosen recipients with
 * 550 (a bounce).
 */
export class SmtpSink {
  readonly mails: CapturedMail[] = [];
  readonly refused = new Set<string>();
  private server?: SMTPServer;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(port = this.port): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 30 * 1024 * 1024,
      onRcptTo: (address, _session, callback) => {
        if (!this.refused.has(address.address)) return callback();
        const error = Object.assign(new Error('No such mailbox'), { responseCode: 550 });
        callback(error);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          // skipImageLinks keeps `cid:` references as sent (mailparser would inline them).
          void simpleParser(Buffer.concat(chunks), { skipImageLinks: true }).then((parsed) => {
            this.mails.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              parsed,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
            });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    // smtp-server re-emits a connection's socket error on itself (a client reset in the middle of a
    // mail, as a SIGKILLed worker's pooled connections do). Without a listener past start-up such an
    // error would crash the test process. Hang-ups are expected; anything else is shown.
    server.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') console.warn(`SMTP sink: ${err.message}`);
    });
    this.port = (server.server.address() as { port: number }).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): CapturedMail[] {
    return this.mails.filter((m) => m.envelopeTo.includes(address));
  }

  clear(): void {
    this.mails.length = 0;
  }
}

/** A clock that runs with real time, shifted by an offset the test sets. */
export class ShiftedClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** From now on `now()` reads `at` (and keeps running from there). */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

/** The worker with its Clock replaced (every module's), booted like startWorker. */
export async function startWorkerWithClock(
  config: AppConfig,
  clock: Clock,
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile({ snapshot: false });
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}
