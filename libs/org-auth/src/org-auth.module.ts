import { AppConfig } from '@desk/config';
import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { JwtModule } from '@nestjs/jwt';
import { AuthService } from './auth.service';
import { OrgRepository } from './org.repository';
import { OrgService } from './org.service';
import { PasswordHasher } from './password.hasher';
import { PasswordResetRepository } from './password-reset.repository';
import { RegionService } from './region.service';
import { SessionRevocations } from './session-revocations';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, made once: given a string, jsonwebtoken first tries it as a PEM public key
        // on every verify (an exception thrown and caught per request: 13 % of the api's CPU).
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) as unknown as string,
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  providers: [
    OrgRepository,
    PasswordResetRepository,
    OrgService,
    AuthService,
    PasswordHasher,
    RegionService,
    SessionRevocations,
  ],
  exports: [OrgRepository, OrgService, AuthService, PasswordHasher, RegionService, SessionRevocations],
})
export class OrgAuthModule {}
