import { useEffect, useState } from "preact/hooks";
import { useLocation } from "wouter-preact";
import { api, AuthMethods, InvitationDetails } from "../api";
import { Field, FormError } from "../components/Field";
import { OidcButton } from "../components/OidcButton";
import { messageOf, summary, useSubmit } from "../components/useSubmit";

type Errors = { password?: string; form?: string };

/** The token of the link, read once: it sits in the fragment, which no server ever receives. */
function takeToken(): string {
  const token = window.location.hash.slice(1);
  if (token) {
    // Out of the address bar and the history, as a used password would be.
    history.replaceState(null, "", "/invite");
  }
  return token;
}

/** An invitation link's page: who invites whom as what; choose a password and join. */
export function Invite() {
  const [, navigate] = useLocation();
  const [token] = useState(takeToken);
  const [details, setDetails] = useState<InvitationDetails | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const [methods, setMethods] = useState<AuthMethods | null>(null);

  useEffect(() => {
    api.authMethods().then(setMethods, () => setMethods({ password: true, oidc: null }));
  }, []);

  useEffect(() => {
    if (!token) {
      setInvalid("This page needs the whole invitation link, including the part after #.");
      return;
    }
    api.lookUpInvitation(token).then(setDetails, (e) => setInvalid(messageOf(e)));
  }, [token]);

  const { busy, errors, setErrors, submit } = useSubmit<Errors>(
    async () => {
      await api.acceptInvitation(token, password);
      await api.logIn(details!.email, password);
      navigate("/start");
    },
    (p) => ({
      password: p.forField("/password"),
      form: p.forField("/password") ? undefined : summary(p),
    }),
  );

  function onSubmit(e: Event) {
    e.preventDefault();
    const local: Errors = {};
    if (password.length < 12 || password.length > 256) local.password = "must be 12 to 256 characters long";
    setErrors(local);
    if (Object.keys(local).length === 0) submit();
  }

  return (
    <main class="narrow">
      <h1>Join an organization</h1>
      {invalid && (
        <p class="form-error" role="alert">
          {invalid}
        </p>
      )}
      {!invalid && !details && <p aria-busy="true">Checking the invitation…</p>}
      {details && (
        <>
          <p>
            You are invited to <strong>{details.organization_name}</strong> as <strong>{details.role}</strong>, as{" "}
            <strong data-testid="invited-email">{details.email}</strong>.
          </p>
          {methods?.oidc && (
            <>
              <p>Join by signing in with {methods.oidc.display_name} as this address:</p>
              <OidcButton name={methods.oidc.display_name} next="/start" invitation={token} />
            </>
          )}
          {methods?.oidc && methods.password && <p class="or">or choose a password</p>}
          {methods?.password && (
          <form onSubmit={onSubmit} noValidate>
            <Field
              id="password"
              label="Password"
              type="password"
              value={password}
              onInput={setPassword}
              error={errors.password}
              hint="12 to 256 characters."
              autoComplete="new-password"
              required
            />
            <FormError message={errors.form} />
            <button type="submit" disabled={busy}>
              {busy ? "Joining…" : "Join"}
            </button>
          </form>
          )}
          <p class="hint">The link works once, until {new Date(details.expires_at).toLocaleString()}.</p>
        </>
      )}
    </main>
  );
}
