import { type FormEvent, type ReactNode, useState } from 'react';
import { useAuth } from '../lib/auth';
import { asApiError } from '../lib/use-api';

/** Asks for an API key once; `GET /me` checks it before it is kept for the browser session. */
export function Login({ themeButton }: { themeButton: ReactNode }) {
  const { login } = useAuth();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(key.trim());
    } catch (err) {
      const a = asApiError(err);
      setError(a.status === 401 ? `That key was refused (${a.code}). Check it, or ask an admin for a new one.` : `${a.code}: ${a.message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login" data-testid="page-login">
      <form onSubmit={submit} className="panel">
        <h1>Sextant</h1>
        <p className="muted">
          Enter your API key (made with <code>sextant keys create --role viewer|trader|admin</code>). It is kept for this browser session only.
        </p>
        <label className="field">
          API key
          <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} autoFocus data-testid="login-key" />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || key.trim() === ''} data-testid="login-submit">
            Sign in
          </button>
          {themeButton}
        </div>
      </form>
    </div>
  );
}
