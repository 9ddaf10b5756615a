import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxEvent } from './outbox-event.entity';
import { OutboxRepository } from './outbox.repository';
import { TransactionRunner } from './transaction.runner';

/** Shared persistence services; the app module owns the connection (TypeOrmModule.forRootAsync). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxEvent])],
  providers: [OutboxRepository, TransactionRunner],
  exports: [OutboxRepository, TransactionRunner],
})
export class DatabaseModule {}
