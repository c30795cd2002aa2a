import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../event-store.module';
import { JwtAuthGuard } from './auth.guard';
import { JwtStrategy } from './jwt.strategy';
import type { Principal } from './principal';

@Module({
  imports: [
    PassportModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: Math.max(1, config.RATE_LIMIT_PER_MINUTE) }],
        skipIf: () => config.RATE_LIMIT_PER_MINUTE === 0,
        // After authentication (the guards run in the order below): a principal is limited wherever it comes from,
        // many users behind one proxy are not limited as one; requests without a token count per address.
        getTracker: (req: { user?: Principal; ip?: string }) => (req.user ? `principal:${req.user.id}` : `address:${req.ip ?? 'unknown'}`),
      }),
    }),
  ],
  providers: [JwtStrategy, { provide: APP_GUARD, useClass: JwtAuthGuard }, { provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class AuthModule {}
