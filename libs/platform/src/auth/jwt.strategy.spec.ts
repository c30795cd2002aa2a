import { createSecretKey } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { loadConfig } from '../config/app-config';
import { JwtStrategy } from './jwt.strategy';
import { mintToken } from './mint-token';

type Outcome = { ok: true; user: unknown } | { ok: false; reason: string };

const SECRET = 'a-secret-of-the-tests-0123456789';

/** Runs the strategy as passport does (it sets success, fail and error on the instance) on one bearer token. */
function authenticate(strategy: JwtStrategy, token: string): Promise<Outcome> {
  return new Promise((done) => {
    const s = strategy as unknown as Record<string, unknown> & { authenticate(req: unknown): void };
    s.success = (user: unknown) => done({ ok: true, user });
    s.fail = (info: unknown) => done({ ok: false, reason: String((info as Error)?.message ?? info) });
    s.error = (err: Error) => done({ ok: false, reason: err.message });
    s.authenticate({ headers: { authorization: `Bearer ${token}` } });
  });
}

describe('JwtStrategy with an HS256 secret (the key made once)', () => {
  const strategy = new JwtStrategy(loadConfig({ JWT_SECRET: SECRET }));
  const principal = { id: 'officer-07330', role: 'commune_officer' as const, unit: '07330' };

  it('accepts a token signed with the secret, also when verified again and again', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await authenticate(strategy, mintToken(principal, SECRET))).toEqual({ ok: true, user: { ...principal, name: undefined } });
    }
  });

  it('accepts a token signed with the secret as a key object: the same key as its UTF-8 bytes', async () => {
    const token = sign({ role: 'auditor', unit: '01' }, createSecretKey(Buffer.from(SECRET, 'utf8')), { subject: 'a', algorithm: 'HS256' });
    expect(await authenticate(strategy, token)).toMatchObject({ ok: true });
  });

  it.each([
    ['another secret', () => mintToken(principal, 'another-secret-of-sixteen-chars')],
    ['expired', () => sign({ role: 'commune_officer', unit: '07330' }, SECRET, { subject: 'x', algorithm: 'HS256', expiresIn: -10 })],
    ['HS384 with the secret (only HS256 is allowed)', () => sign({ role: 'commune_officer', unit: '07330' }, SECRET, { subject: 'x', algorithm: 'HS384' })],
    ['unsigned (alg none)', () => sign({ role: 'commune_officer', unit: '07330' }, '', { subject: 'x', algorithm: 'none' })],
    ['a tampered payload', () => {
      const [h, , sig] = mintToken(principal, SECRET).split('.');
      return [h, Buffer.from(JSON.stringify({ sub: 'x', role: 'auditor', unit: '01' })).toString('base64url'), sig].join('.');
    }],
  ])('refuses a token %s', async (_, token) => {
    expect(await authenticate(strategy, token())).toMatchObject({ ok: false });
  });

  it('still checks the claims: a token without a known role is refused', async () => {
    const token = sign({ role: 'janitor', unit: '07330' }, SECRET, { subject: 'x', algorithm: 'HS256' });
    expect(await authenticate(strategy, token)).toEqual({ ok: false, reason: 'token has no known role' });
  });
});
