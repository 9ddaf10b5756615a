import { reportConnectionErrors } from '@desk/common';
import { AppConfig } from '@desk/config';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';

/** `null`: forget every user (the channel was down and messages may have been missed). */
export type UserChangeListener = (userId: string | null) => void;

/**
 * Tells every process that a user's row changed (session version, roles, teams, active), over
 * Redis pub/sub, so each api replica drops its cached actor at once and the next request (or the
 * next check of an open live stream) reads the new state. The announcing process is told
 * synchronously; the others within the pub/sub round trip. Without Redis the caches still expire
 * after a few seconds.
 */
@Injectable()
export class SessionRevocations implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionRevocations.name);
  private readonly listeners = new Set<UserChangeListener>();
  private readonly channel: string;
  private publisher?: IORedis;
  private subscriber?: IORedis;

  constructor(private readonly config: AppConfig) {
    this.channel = `${config.QUEUE_PREFIX}:user-changed`;
  }

  async onModuleInit(): Promise<void> {
    this.publisher = new IORedis(this.config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 3000,
    });
    reportConnectionErrors(this.publisher, this.logger, 'redis (user change publisher)');
    this.subscriber = new IORedis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    reportConnectionErrors(this.subscriber, this.logger, 'redis (user change subscriber)');
    this.subscriber.on('message', (_channel: string, userId: string) => this.tell(userId));
    // After a reconnect (ioredis subscribes again) messages sent meanwhile are lost: forget all.
    let connectedOnce = false;
    this.subscriber.on('ready', () => {
      if (connectedOnce) this.tell(null);
      connectedOnce = true;
    });
    const subscribed = this.subscriber.subscribe(this.channel).catch(() => undefined);
    await Promise.race([subscribed, new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  onModuleDestroy(): void {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }

  onChange(listener: UserChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call after the change is committed. */
  async announce(userId: string): Promise<void> {
    this.tell(userId);
    await this.publisher?.publish(this.channel, userId).catch(() => undefined);
  }

  private tell(userId: string | null): void {
    for (const listener of this.listeners) listener(userId);
  }
}
