import { useEffect, useState } from "preact/hooks";
import { useLocation } from "wouter-preact";
import { api } from "../api";
import { messageOf } from "../components/useSubmit";

/** What the provider sent the browser back with, read once and removed from the address bar. */
function takeAnswer(): URLSearchParams {
  const answer = new URLSearchParams(window.location.search);
  // The code is single-use and bound to this sign-in, but it does not belong in the history.
  history.replaceState(null, "", "/login/callback");
  return answer;
}

/** Where the platform's OIDC provider sends the browser back: finish the sign-in at the edge. */
export function OidcCallback(props: { onSignedIn: () => void }) {
  const [, navigate] = useLocation();
  const [answer] = useState(takeAnswer);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const refused = answer.get("error");
    if (refused) {
      const description = answer.get("error_description");
      setError(`The identity provider did not sign you in: ${refused}${description ? ` (${description})` : ""}.`);
      return;
    }
    const code = answer.get("code");
    const state = answer.get("state");
    if (!code || !state) {
      setError("This page is where the identity provider sends you back after signing in; start from the sign-in page.");
      return;
    }
    api.finishOidc(code, state).then(
      (done) => {
        props.onSignedIn();
        navigate(done.next);
      },
      (err) => setError(messageOf(err)),
    );
  }, [answer]);

  return (
    <main class="narrow">
      <h1>Signing in</h1>
      {error ? (
        <>
          <p class="form-error" role="alert">
            {error}
          </p>
          <p>
            <a href="/login">Back to sign-in</a>
          </p>
        </>
      ) : (
        <p aria-busy="true">Finishing the sign-in…</p>
      )}
    </main>
  );
}
