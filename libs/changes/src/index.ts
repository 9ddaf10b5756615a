/** Change management (SPBE Pasal 26): phases, approval, review, calendar and the pre-window notice. */
export * from './change-mail';
export * from './change-mailer';
export * from './change-notice.repository';
export * from './change-phases';
export * from './change-window.service';
export * from './change.repository';
export * from './change.service';
export * from './changes.errors';
export * from './changes.module';
export * from './dto';
export * from './entities';
