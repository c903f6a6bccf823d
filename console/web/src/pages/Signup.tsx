import { useState } from "preact/hooks";
import { useLocation } from "wouter-preact";
import { api, Problem } from "../api";
import { CredentialFields, Field, FormError } from "../components/Field";
import { summary, useSubmit } from "../components/useSubmit";

type Errors = { organization_name?: string; email?: string; password?: string; form?: string };

/** Checks what the browser can before asking the server, with the server's own rules. */
function check(name: string, email: string, password: string): Errors {
  const errors: Errors = {};
  if (!name.trim()) errors.organization_name = "is required";
  else if (name.length > 64) errors.organization_name = "must be at most 64 characters";
  if (!email.trim()) errors.email = "is required";
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = "must be an email address";
  if (password.length < 12 || password.length > 256)
    errors.password = "must be 12 to 256 characters long";
  return errors;
}

export function Signup() {
  const [, navigate] = useLocation();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, errors, setErrors, submit } = useSubmit<Errors>(async () => {
    await api.signUp(name.trim(), email.trim(), password);
    try {
      await api.logIn(email.trim(), password);
    } catch (err) {
      // Password log-in is off here: the new admin signs in through the platform's provider.
      if (err instanceof Problem && err.status === 403) {
        navigate("/login?next=%2Fstart");
        return;
      }
      throw err;
    }
    navigate("/start");
  }, fromProblem);

  function onSubmit(e: Event) {
    e.preventDefault();
    const local = check(name, email, password);
    setErrors(local);
    if (Object.keys(local).length === 0) submit();
  }

  return (
    <main class="narrow">
      <h1>Create your organization</h1>
      <p>
        An organization is your own namespace of devices, identity providers, policies and audit
        events. You become its first admin.
      </p>
      <form onSubmit={onSubmit} noValidate>
        <Field
          id="organization_name"
          label="Organization name"
          value={name}
          onInput={setName}
          error={errors.organization_name}
          maxLength={64}
          required
        />
        <CredentialFields
          email={email}
          setEmail={setEmail}
          password={password}
          setPassword={setPassword}
          errors={errors}
          creating
        />
        <FormError message={errors.form} />
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create organization"}
        </button>
      </form>
      <p>
        Already have one? <a href="/login">Log in</a>
      </p>
    </main>
  );
}

function fromProblem(err: Problem): Errors {
  const errors: Errors = {
    organization_name: err.forField("/organization_name"),
    email: err.forField("/email"),
    password: err.forField("/password"),
  };
  if (err.status === 409) errors.email = err.detail || "is already registered";
  if (!errors.organization_name && !errors.email && !errors.password) {
    errors.form = summary(err);
  }
  return errors;
}
