import { useEffect, useState } from "preact/hooks";
import { useLocation } from "wouter-preact";
import { api, AuthMethods, Problem } from "../api";
import { CredentialFields, FormError } from "../components/Field";
import { OidcButton } from "../components/OidcButton";
import { summary, useSubmit } from "../components/useSubmit";

type Errors = { email?: string; password?: string; form?: string };

/** Where to go after logging in: the page a session ended on, never another site. */
function nextPage(): string {
  const back = new URLSearchParams(location.search).get("next");
  return back && back.startsWith("/") && !back.startsWith("//") ? back : "/start";
}

export function Login(props: { expired?: boolean }) {
  const [, navigate] = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [methods, setMethods] = useState<AuthMethods | null>(null);
  const { busy, errors, setErrors, submit } = useSubmit<Errors>(async () => {
    await api.logIn(email.trim(), password);
    navigate(nextPage());
  }, fromProblem);

  useEffect(() => {
    // Without an answer, offer what every installation has: the password form.
    api.authMethods().then(setMethods, () => setMethods({ password: true, oidc: null }));
  }, []);

  function onSubmit(e: Event) {
    e.preventDefault();
    const local: Errors = {};
    if (!email.trim()) local.email = "is required";
    if (!password) local.password = "is required";
    setErrors(local);
    if (Object.keys(local).length === 0) submit();
  }

  return (
    <main class="narrow">
      <h1>Log in</h1>
      {props.expired && (
        <p class="notice" role="status">
          Your session ended. Log in again to go on where you were.
        </p>
      )}
      {!methods && <p aria-busy="true">Loading…</p>}
      {methods?.oidc && <OidcButton name={methods.oidc.display_name} next={nextPage()} />}
      {methods?.oidc && methods.password && <p class="or">or with your email and password</p>}
      {methods?.password && (
        <form onSubmit={onSubmit} noValidate>
          <CredentialFields
            email={email}
            setEmail={setEmail}
            password={password}
            setPassword={setPassword}
            errors={errors}
          />
          <FormError message={errors.form} />
          <button type="submit" disabled={busy}>
            {busy ? "Logging in…" : "Log in"}
          </button>
        </form>
      )}
      <p>
        New to Aviary? <a href="/signup">Create an organization</a>
      </p>
    </main>
  );
}

function fromProblem(err: Problem): Errors {
  return {
    email: err.forField("/email"),
    password: err.forField("/password"),
    form:
      err.status === 401
        ? "Email or password is wrong."
        : err.errors.length === 0
          ? summary(err)
          : undefined,
  };
}
