import type { JSX } from "preact";

interface Props {
  id: string;
  label: string;
  type?: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  hint?: string;
  autoComplete?: string;
  maxLength?: number;
  required?: boolean;
}

/** A labelled input whose error sits next to it and is announced with it. */
export function Field(props: Props): JSX.Element {
  const describedBy = [props.hint ? `${props.id}-hint` : "", props.error ? `${props.id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={props.error ? "field invalid" : "field"}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? "text"}
        value={props.value}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
        autoComplete={props.autoComplete}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The role a member or an API key gets: admin changes everything, member reads. */
export function RoleSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (role: string) => void;
  error?: string;
}): JSX.Element {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="member">member: can read</option>
        <option value="admin">admin: can change everything</option>
      </select>
      {props.error && <p class="error">{props.error}</p>}
    </div>
  );
}

/** The form-level message of a problem the fields do not explain. */
export function FormError(props: { message?: string }): JSX.Element | null {
  return props.message ? (
    <p class="form-error" role="alert">
      {props.message}
    </p>
  ) : null;
}

interface Credentials {
  email: string;
  setEmail: (value: string) => void;
  password: string;
  setPassword: (value: string) => void;
  errors: { email?: string; password?: string };
  /** A new account's password (sign-up) rather than an existing one (log-in). */
  creating?: boolean;
}

/** Email and password, as sign-up and log-in both ask for them. */
export function CredentialFields(props: Credentials): JSX.Element {
  return (
    <>
      <Field
        id="email"
        label={props.creating ? "Your email" : "Email"}
        type="email"
        value={props.email}
        onInput={props.setEmail}
        error={props.errors.email}
        autoComplete="email"
        required
      />
      <Field
        id="password"
        label="Password"
        type="password"
        value={props.password}
        onInput={props.setPassword}
        error={props.errors.password}
        hint={props.creating ? "12 to 256 characters." : undefined}
        autoComplete={props.creating ? "new-password" : "current-password"}
        required
      />
    </>
  );
}
