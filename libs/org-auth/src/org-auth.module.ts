import { AppConfig } from '@desk/config';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuthService } from './auth.service';
import { OrgRepository } from './org.repository';
import { OrgService } from './org.service';
import { PasswordHasher } from './password.hasher';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: config.JWT_SECRET, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  providers: [OrgRepository, OrgService, AuthService, PasswordHasher],
  exports: [OrgRepository, OrgService, AuthService, PasswordHasher],
})
export class OrgAuthModule {}
