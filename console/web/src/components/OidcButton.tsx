import { useState } from "preact/hooks";
import { api } from "../api";
import { FormError } from "./Field";
import { messageOf } from "./useSubmit";

/**
 * "Sign in with <provider>": the edge starts a sign-in for this browser, then the page leaves for
 * the provider, which sends it back to /login/callback.
 */
export function OidcButton(props: { name: string; next: string; invitation?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  async function go() {
    setBusy(true);
    setError(undefined);
    try {
      const started = await api.startOidc(props.next, props.invitation);
      window.location.assign(started.authorization_url);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <div class="oidc">
      <button type="button" onClick={go} disabled={busy}>
        {busy ? `Going to ${props.name}…` : `Sign in with ${props.name}`}
      </button>
      <FormError message={error} />
    </div>
  );
}
