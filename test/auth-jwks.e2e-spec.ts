import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { mintToken } from '@app/platform';
import { startTestApp, type TestApp } from './support/test-app';

describe('tokens from an identity provider (JWT_JWKS_URL)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  let jwks: Server;
  let t: TestApp;

  beforeAll(async () => {
    // A real JWKS endpoint on loopback, as an identity provider publishes it.
    jwks = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', () => r()));
    const { port } = jwks.address() as { port: number };
    t = await startTestApp({ DEMO_DATA: 'false', JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, JWT_ISSUER: 'https://idp.test', JWT_AUDIENCE: 'ntm' });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => jwks.close(r));
  });

  const idpToken = (claims: object, options: { issuer?: string; keyid?: string } = {}) =>
    sign(claims, privateKey, { algorithm: 'RS256', keyid: options.keyid ?? kid, subject: 'user-42', issuer: options.issuer ?? 'https://idp.test', audience: 'ntm', expiresIn: 300 });

  it('accepts a provider-signed token with role and unit, and refuses everything else', async () => {
    const unknown = `/dossiers/${randomUUID()}`;
    const ok = await request(t.baseUrl).get(unknown).set('Authorization', `Bearer ${idpToken({ role: 'auditor', unit: '01' })}`);
    expect(ok.status).toBe(404);
    expect(ok.body.code).toBe('DOSSIER.NOT_FOUND');
    const refusedTokens = [
      idpToken({ role: 'auditor', unit: '01' }, { issuer: 'https://other.test' }),
      idpToken({ role: 'auditor', unit: '01' }, { keyid: 'unknown-key' }),
      idpToken({ role: 'emperor', unit: '01' }),
      idpToken({ role: 'auditor' }),
      mintToken({ id: 'x', role: 'auditor', unit: '01' }, t.config.JWT_SECRET),
    ];
    for (const token of refusedTokens) {
      const res = await request(t.baseUrl).get(unknown).set('Authorization', `Bearer ${token}`);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    }
  });
});
