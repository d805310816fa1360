import { type ReactNode, useEffect } from 'react';
import { useAuth } from './lib/auth';
import { GlossaryProvider } from './lib/glossary';
import { live, useLiveStatus } from './lib/live';
import { href, useRoute } from './lib/router';
import { ThemeContext, useTheme } from './lib/theme';
import { Login } from './pages/Login';
import { PAGES, pageFor } from './pages';

/** The shell: login until a key is accepted, then the navigation and the page the hash names. */
export function App() {
  const [theme, toggleTheme] = useTheme();
  const { me, apiKey, checking, logout } = useAuth();

  useEffect(() => {
    if (!apiKey || !me) return;
    live.onRefused = logout;
    live.start(apiKey);
    return () => live.stop();
  }, [apiKey, me, logout]);

  const themeButton = (
    <button type="button" className="theme-toggle" onClick={toggleTheme} data-testid="theme-toggle" title="Switch between dark and light mode">
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );

  if (checking) return <p className="muted center">Checking your key…</p>;
  return (
    <ThemeContext.Provider value={theme}>
      {me ? (
        <GlossaryProvider>
          <Shell themeButton={themeButton} />
        </GlossaryProvider>
      ) : (
        <Login themeButton={themeButton} />
      )}
    </ThemeContext.Provider>
  );
}

function Shell({ themeButton }: { themeButton: ReactNode }) {
  const { me, logout } = useAuth();
  const route = useRoute();
  const status = useLiveStatus();
  const current = route.parts[0] ?? 'overview';
  const Page = pageFor(current);
  return (
    <div className="shell">
      <nav className="nav">
        <div className="brand">Sextant</div>
        {PAGES.map((p) => (
          <a key={p.id} href={href(`/${p.id}`)} className={p.id === current ? 'active' : ''} data-testid={`nav-${p.id}`}>
            {p.title}
          </a>
        ))}
        <div className="nav-foot">
          <span className={`live-dot ${status}`} title={`live updates: ${status}`} data-testid="live-status">
            ● {status}
          </span>
          <span className="who" data-testid="whoami">
            {me?.label ? `${me.label} · ` : ''}
            <b data-testid="role">{me?.role}</b>
          </span>
          {themeButton}
          <button type="button" onClick={logout} data-testid="logout">
            Log out
          </button>
        </div>
      </nav>
      <main className="main">
        <Page route={route} />
      </main>
    </div>
  );
}
