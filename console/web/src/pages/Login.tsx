import { useState } from "preact/hooks";
import { useLocation } from "wouter-preact";
import { api, Problem } from "../api";
import { CredentialFields, FormError } from "../components/Field";
import { summary, useSubmit } from "../components/useSubmit";

type Errors = { email?: string; password?: string; form?: string };

export function Login(props: { expired?: boolean }) {
  const [, navigate] = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, errors, setErrors, submit } = useSubmit<Errors>(async () => {
    await api.logIn(email.trim(), password);
    const back = new URLSearchParams(location.search).get("next");
    navigate(back && back.startsWith("/") && !back.startsWith("//") ? back : "/start");
  }, fromProblem);

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
