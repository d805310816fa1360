import type { ReactNode } from 'react';
import type { ApiError } from '../lib/api';

/** A page: its heading (what the tests look for) and its content. */
export function Page({ id, title, actions, children }: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="page" data-testid={`page-${id}`}>
      <header className="page-head">
        <h1>{title}</h1>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export function Panel({ title, children, testid, wide }: { title?: ReactNode; children: ReactNode; testid?: string; wide?: boolean }) {
  return (
    <div className={wide ? 'panel wide' : 'panel'} data-testid={testid}>
      {title && <h2>{title}</h2>}
      {children}
    </div>
  );
}

export function ErrorNote({ error }: { error: ApiError | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error.status === 403 ? error.message : `${error.code}: ${error.message}`}
    </p>
  );
}

/** A loading line until the first answer; an error in place of the content if it failed. */
export function Loading<T>({ data, error, children }: { data: T | undefined; error: ApiError | null; children: (d: T) => ReactNode }) {
  if (data !== undefined) return <>{children(data)}</>;
  if (error) return <ErrorNote error={error} />;
  return <p className="muted">Loading…</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted empty">{children}</p>;
}
