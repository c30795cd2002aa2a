import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, ProblemException, type AppConfig } from '@app/platform';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
  code_challenge_methods_supported?: string[];
}

const DISCOVERY_TTL_MS = 10 * 60_000;

/**
 * The configured identity provider, as its discovery document describes it. The console's code exchange is relayed
 * here rather than sent by the browser, so the console's content security policy can keep `connect-src 'self'` and a
 * confidential client's secret never reaches the browser.
 */
@Injectable()
export class OidcProvider {
  private cached: { at: number; value: Discovery } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.OIDC_ISSUER_URL !== undefined;
  }

  async discovery(): Promise<Discovery> {
    if (this.cached && Date.now() - this.cached.at < DISCOVERY_TTL_MS) return this.cached.value;
    const issuer = this.config.OIDC_ISSUER_URL!.replace(/\/$/, '');
    let doc: Discovery;
    try {
      const res = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      doc = (await res.json()) as Discovery;
    } catch (err) {
      throw new ProblemException(503, 'AUTH.IDENTITY_PROVIDER_UNREACHABLE', `the identity provider at ${issuer} did not answer its discovery document (${(err as Error).message})`);
    }
    if (!doc.authorization_endpoint || !doc.token_endpoint) {
      throw new ProblemException(503, 'AUTH.IDENTITY_PROVIDER_UNREACHABLE', `the identity provider at ${issuer} names no authorization or token endpoint`);
    }
    this.cached = { at: Date.now(), value: doc };
    return doc;
  }

  async exchange(code: string, codeVerifier: string, redirectUri: string): Promise<{ accessToken: string; expiresIn: number | null; idToken: string | null }> {
    const { token_endpoint } = await this.discovery();
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: codeVerifier, redirect_uri: redirectUri, client_id: this.config.OIDC_CLIENT_ID! });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.config.OIDC_CLIENT_SECRET) {
      const basic = `${encodeURIComponent(this.config.OIDC_CLIENT_ID!)}:${encodeURIComponent(this.config.OIDC_CLIENT_SECRET)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    }
    let res: Response;
    try {
      res = await fetch(token_endpoint, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      throw new ProblemException(503, 'AUTH.IDENTITY_PROVIDER_UNREACHABLE', `the identity provider's token endpoint did not answer (${(err as Error).message})`);
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; id_token?: string; error?: string; error_description?: string };
    if (!res.ok || !body.access_token) {
      // The provider's own words (invalid_grant: code used or expired, PKCE mismatch…) tell the person what to do.
      throw new ProblemException(400, 'AUTH.CODE_EXCHANGE_REFUSED', `the identity provider refused the sign-in: ${body.error ?? res.status}${body.error_description ? ` — ${body.error_description}` : ''}`);
    }
    return { accessToken: body.access_token, expiresIn: body.expires_in ?? null, idToken: body.id_token ?? null };
  }
}
