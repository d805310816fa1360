import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { requestWith, setApiKey, setUnauthorizedHandler } from './api';
import type { Role } from './roles';

/**
 * The API key is asked for once and kept in sessionStorage: it lasts for the browser session
 * (closing the tab forgets it) and never reaches localStorage.
 */
const STORAGE_KEY = 'sextant.apiKey';

export interface Me {
  id: string;
  role: Role;
  label: string | null;
}

interface Auth {
  me: Me | null;
  apiKey: string | null;
  /** True while a stored key is being checked at start-up. */
  checking: boolean;
  login(key: string): Promise<void>;
  logout(): void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [apiKey, setKey] = useState<string | null>(() => sessionStorage.getItem(STORAGE_KEY));
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(apiKey !== null);

  const logout = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setApiKey(null);
    setKey(null);
    setMe(null);
  }, []);

  const login = useCallback(async (key: string) => {
    const who = await requestWith<Me>(key, 'GET', '/me');
    sessionStorage.setItem(STORAGE_KEY, key);
    setApiKey(key);
    setKey(key);
    setMe(who);
  }, []);

  useEffect(() => setUnauthorizedHandler(logout), [logout]);

  // A key kept from earlier in the session is checked again (it may have been revoked).
  useEffect(() => {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (stored === null) return;
    login(stored)
      .catch(logout)
      .finally(() => setChecking(false));
  }, [login, logout]);

  const value = useMemo(() => ({ me, apiKey, checking, login, logout }), [me, apiKey, checking, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

/** The signed-in key's role (pages render only after login). */
export function useRole(): Role {
  return useAuth().me?.role ?? 'viewer';
}
