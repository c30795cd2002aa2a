import { createSecretKey } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy, type SecretOrKeyProvider, type StrategyOptionsWithoutRequest } from 'passport-jwt';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../event-store.module';
import { isRole, type Principal } from './principal';

interface Claims {
  sub?: unknown;
  role?: unknown;
  unit?: unknown;
  name?: unknown;
}

/** A province (2 digits), a district (3, while districts existed) or a commune (5). */
const UNIT = /^(\d{2}|\d{3}|\d{5})$/;

/**
 * The HS256 secret as a key object, made once. Given the string, jsonwebtoken makes the key again on every
 * verification, and first tries the string as a PEM public key and catches the failure: that was 14% of the service's
 * CPU under the bench's command mix. The key is the same (the secret's UTF-8 bytes), so is what it accepts.
 */
function hmacKey(secret: string): SecretOrKeyProvider {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  // passport-jwt's types name string | Buffer; it hands the key to jsonwebtoken's verify, which takes a KeyObject.
  return (_request, _token, done) => done(null, key as unknown as Buffer);
}

/** Bearer tokens: HS256 with the configured secret, or RS/ES keys from the identity provider's JWKS when configured. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const common = {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    };
    const options: StrategyOptionsWithoutRequest = config.JWT_JWKS_URL
      ? {
          ...common,
          secretOrKeyProvider: passportJwtSecret({ jwksUri: config.JWT_JWKS_URL, cache: true, rateLimit: true }),
          algorithms: ['RS256', 'ES256'],
        }
      : { ...common, secretOrKeyProvider: hmacKey(config.JWT_SECRET), algorithms: ['HS256'] };
    super(options);
  }

  validate(claims: Claims): Principal {
    if (typeof claims.sub !== 'string' || !claims.sub) throw new UnauthorizedException('token has no subject');
    if (!isRole(claims.role)) throw new UnauthorizedException('token has no known role');
    if (typeof claims.unit !== 'string' || !UNIT.test(claims.unit)) throw new UnauthorizedException('token has no valid unit');
    return { id: claims.sub, role: claims.role, unit: claims.unit, name: typeof claims.name === 'string' ? claims.name : undefined };
  }
}
