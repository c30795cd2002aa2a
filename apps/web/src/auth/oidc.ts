import { api } from '../api/client';
import type { SignInConfig } from '../api/types';

const PENDING = 'ntm.oidc.pending';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export function redirectUri(): string {
  return `${window.location.origin}/`;
}

/** Authorisation code with PKCE (S256): the verifier stays in this tab until the provider sends the browser back. */
export async function startOidcSignIn(oidc: NonNullable<SignInConfig['oidc']>): Promise<void> {
  if (!oidc.authorizationEndpoint) throw new Error(oidc.error ?? 'identity provider unavailable');
  const verifier = randomString(48);
  const state = randomString(16);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, redirectUri: redirectUri() }));
  const url = new URL(oidc.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/**
 * On the way back from the provider (`/?code=…&state=…`): checks the state, has the server exchange the code with the
 * verifier, and removes the code from the address bar. Null when this load is not a return from the provider.
 */
export async function completeOidcSignIn(): Promise<string | null> {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return null;
  const pending = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  window.history.replaceState(null, '', `${window.location.pathname}#/`);
  if (error) throw new Error(`${error}${params.get('error_description') ? `: ${params.get('error_description')}` : ''}`);
  if (!pending) throw new Error('sign-in was not started from this tab');
  const { verifier, state, redirectUri: uri } = JSON.parse(pending) as { verifier: string; state: string; redirectUri: string };
  if (params.get('state') !== state) throw new Error('the sign-in answer does not match the request (state)');
  const { accessToken } = await api.oidcToken({ code: code!, codeVerifier: verifier, redirectUri: uri });
  return accessToken;
}
