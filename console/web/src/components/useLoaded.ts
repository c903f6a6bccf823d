import { useEffect, useState } from "preact/hooks";
import { messageOf } from "./useSubmit";

/**
 * What a page lists from the API: loaded when `key` changes (the organization), loaded again by
 * `reload`, with the failure as text for the page to show. `change` runs a change (a revoke, a
 * delete) after the user confirmed it, then reloads; its failure is shown the same way.
 */
export function useLoaded<T>(
  fetch: () => Promise<T>,
  key: unknown,
): {
  value: T | null;
  error: string | null;
  setError: (message: string | null) => void;
  reload: () => void;
  change: (question: string, action: () => Promise<unknown>) => Promise<void>;
} {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);

  function reload() {
    fetch().then(
      (v) => {
        setValue(v);
        setError(null);
      },
      (e) => setError(messageOf(e)),
    );
  }
  useEffect(reload, [key]);

  async function change(question: string, action: () => Promise<unknown>) {
    if (!confirm(question)) return;
    try {
      await action();
      reload();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return { value, error, setError, reload, change };
}
