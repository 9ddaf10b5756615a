import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Opens a transaction and passes its EntityManager to repositories, which accept it explicitly. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
