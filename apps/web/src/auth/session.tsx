import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, useToken } from '../api/client';
import type { Me } from '../api/types';
import { completeOidcSignIn } from './oidc';

const TOKEN_KEY = 'ntm.token';

export interface Session {
  token: string | null;
  me: Me | null;
  /** True while the token is checked or an identity provider's answer is exchanged. */
  loading: boolean;
  /** Why the last session ended or a sign-in failed, for the sign-in page. */
  notice: string | null;
  signIn(token: string): void;
  signOut(notice?: string): void;
}

const SessionContext = createContext<Session | null>(null);

function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

const returningFromProvider = () => {
  const p = new URLSearchParams(window.location.search);
  return p.has('code') || p.has('error');
};

/**
 * The token lives in this tab's sessionStorage: it survives a reload, not the tab, and is never in a URL or a cookie
 * (so no request can carry it without the console's own code, and no access log can keep it).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(storedToken);
  const [notice, setNotice] = useState<string | null>(null);
  const [completing, setCompleting] = useState(returningFromProvider);

  const signOut = useCallback(
    (why?: string) => {
      sessionStorage.removeItem(TOKEN_KEY);
      // The next person starts at their own home page, not at the page the last one left open.
      window.location.hash = '#/';
      setToken(null);
      setNotice(why ?? null);
      queryClient.clear();
    },
    [queryClient],
  );
  const signIn = useCallback(
    (t: string) => {
      sessionStorage.setItem(TOKEN_KEY, t);
      queryClient.clear();
      setNotice(null);
      setToken(t);
    },
    [queryClient],
  );
  // Set during render, before any query of this render runs.
  useToken(token, () => signOut('session-expired'));

  useEffect(() => {
    if (!completing) return;
    completeOidcSignIn()
      .then((t) => t && signIn(t))
      .catch((err: Error) => setNotice(`oidc:${err.message}`))
      .finally(() => setCompleting(false));
  }, [completing, signIn]);

  const me = useQuery({ queryKey: ['me', token], queryFn: api.me, enabled: token !== null && !completing, retry: false, staleTime: Infinity });
  const value = useMemo<Session>(
    () => ({ token, me: me.data ?? null, loading: completing || (token !== null && me.isPending), notice, signIn, signOut }),
    [token, me.data, me.isPending, completing, notice, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** For pages behind the sign-in gate, where `me` is known. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe before sign-in');
  return me;
}
