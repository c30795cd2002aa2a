import { sign } from 'jsonwebtoken';
import type { Principal } from './principal';

/** Signs a demo token with the embedded default's secret; real deployments use their identity provider. */
export function mintToken(principal: Principal, secret: string, options: { expiresInSeconds?: number; issuer?: string; audience?: string } = {}): string {
  return sign({ role: principal.role, unit: principal.unit, name: principal.name }, secret, {
    subject: principal.id,
    algorithm: 'HS256',
    expiresIn: options.expiresInSeconds ?? 8 * 3600,
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  });
}
