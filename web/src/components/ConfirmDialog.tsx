import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useRole } from '../lib/auth';
import { actionErrorText } from '../lib/use-api';

/** One line of a change: what, before, after. */
export interface Change {
  field: ReactNode;
  from: ReactNode;
  to: ReactNode;
}

/**
 * Every control change goes through this: it shows the change (old → new), takes a reason
 * (optional unless `reasonRequired`) and only then calls `onConfirm`. Errors stay in the dialog.
 */
export function ConfirmDialog({
  title,
  changes,
  note,
  confirmLabel,
  reasonRequired,
  danger,
  onConfirm,
  onClose,
}: {
  title: string;
  changes: Change[];
  note?: ReactNode;
  confirmLabel?: string;
  reasonRequired?: boolean;
  danger?: boolean;
  onConfirm: (reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const role = useRole();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
      onClose();
    } catch (e) {
      setError(actionErrorText(e, role));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" data-testid="confirm-dialog" onCancel={onClose}>
      <h2>{title}</h2>
      {changes.length > 0 ? (
        <table className="diff" data-testid="confirm-changes">
          <thead>
            <tr>
              <th>What</th>
              <th>Now</th>
              <th />
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c, i) => (
              <tr key={i}>
                <td>{c.field}</td>
                <td className="old">{c.from}</td>
                <td>→</td>
                <td className="new">{c.to}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Nothing would change.</p>
      )}
      {note}
      <label className="field">
        Reason {reasonRequired ? '(required)' : '(optional, for the audit log)'}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} data-testid="confirm-reason" />
      </label>
      {error && (
        <p className="error" role="alert" data-testid="confirm-error">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose} data-testid="confirm-cancel">
          Cancel
        </button>
        <button
          type="button"
          className={danger ? 'danger' : 'primary'}
          disabled={busy || (reasonRequired === true && reason.trim() === '') || changes.length === 0}
          onClick={confirm}
          data-testid="confirm-ok"
        >
          {confirmLabel ?? 'Confirm'}
        </button>
      </div>
    </dialog>
  );
}
