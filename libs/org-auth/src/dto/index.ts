export * from './category.dto';
export * from './login.dto';
export * from './team.dto';
export * from './unit.dto';
export * from './user-directory.dto';
export * from './user.dto';
export * from './password.dto';
