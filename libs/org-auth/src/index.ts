/** Organisation (region, units, desks, teams, categories, users) and authentication. */
export * from './actor';
export * from './auth.service';
export * from './dto';
export * from './entities';
export * from './org-auth.errors';
export * from './org-auth.module';
export * from './org.repository';
export * from './password-reset.repository';
export * from './org.service';
export * from './password-policy';
export * from './password.hasher';
export * from './region-presets';
export * from './region.service';
export * from './session-revocations';
