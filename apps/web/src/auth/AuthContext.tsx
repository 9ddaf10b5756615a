import type { LoginResponse, Me } from '@desk/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getToken, onUnauthorized, request, setToken } from '../api/client';
import { useMe } from '../api/hooks';
import { setLanguage, storedLanguage } from '../i18n';

interface AuthState {
  me: Me | null;
  /** 'loading' while a stored token is being checked; 'error' when the api could not be reached. */
  status: 'anonymous' | 'loading' | 'ready' | 'error';
  retry: () => void;
  error: unknown;
  /** Why the user was signed out, to say so on the sign-in page. */
  reason: 'expired' | 'signedOut' | null;
  login: (email: string, password: string) => Promise<Me>;
  logout: (reason?: 'expired' | 'signedOut') => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [token, setTokenState] = useState(getToken());
  const [reason, setReason] = useState<AuthState['reason']>(null);
  const me = useMe(!!token);

  const logout = useCallback(
    (why: 'expired' | 'signedOut' = 'signedOut') => {
      setToken(null);
      setTokenState(null);
      setReason(why);
      qc.clear();
    },
    [qc],
  );

  useEffect(() => onUnauthorized(() => logout('expired')), [logout]);

  // The account's language applies unless this device has an explicit choice.
  useEffect(() => {
    if (me.data && !storedLanguage() && (me.data.locale === 'en' || me.data.locale === 'id'))
      setLanguage(me.data.locale, false);
  }, [me.data]);

  const login = useCallback(
    async (email: string, password: string) => {
      const res = await request<LoginResponse>('/auth/login', { method: 'POST', body: { email, password } });
      setToken(res.accessToken);
      qc.clear();
      const profile = await qc.fetchQuery({ queryKey: ['me'], queryFn: () => request<Me>('/auth/me') });
      setTokenState(res.accessToken);
      setReason(null);
      return profile;
    },
    [qc],
  );

  const value = useMemo<AuthState>(() => {
    let status: AuthState['status'] = 'anonymous';
    if (token) status = me.data ? 'ready' : me.isError ? 'error' : 'loading';
    const retry = () => void me.refetch();
    return { me: token ? (me.data ?? null) : null, status, reason, login, logout, retry, error: me.error };
  }, [token, me, reason, login, logout]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user, inside the authenticated layout. */
export function useMeRequired(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMeRequired without a signed-in user');
  return me;
}
