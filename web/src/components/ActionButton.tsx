import { type ReactNode, useState } from 'react';
import { useRole } from '../lib/auth';
import { allows, forbiddenText, type Role } from '../lib/roles';
import { actionErrorText } from '../lib/use-api';

/**
 * A button for an action that needs a role. Below that role it is disabled and says why in
 * its tooltip; if the server still answers 403 the same sentence appears next to it, and any
 * other error shows its code and message there (never a crash).
 */
export function ActionButton({
  needs,
  onClick,
  children,
  testid,
  kind,
  disabled,
  title,
}: {
  needs: Role;
  onClick: () => Promise<unknown> | void;
  children: ReactNode;
  testid?: string;
  kind?: 'primary' | 'danger';
  disabled?: boolean;
  title?: string;
}) {
  const role = useRole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const allowed = allows(role, needs);

  const run = async () => {
    setError(null);
    setBusy(true);
    try {
      await onClick();
    } catch (e) {
      setError(actionErrorText(e, role));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="action">
      <button
        type="button"
        className={kind ?? ''}
        disabled={!allowed || busy || disabled}
        title={allowed ? title : forbiddenText(role, needs)}
        data-testid={testid}
        onClick={run}
      >
        {children}
      </button>
      {error && (
        <span className="error inline" role="alert" data-testid={testid ? `${testid}-error` : undefined}>
          {error}
        </span>
      )}
    </span>
  );
}
