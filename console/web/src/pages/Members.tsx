import { useState } from "preact/hooks";
import { api, Invitation, InvitationCreated, Me } from "../api";
import { CredentialFields, Field, FormError, RoleSelect } from "../components/Field";
import { summary, useSubmit } from "../components/useSubmit";
import { useLoaded } from "../components/useLoaded";

type Errors = { email?: string; password?: string; role?: string; form?: string };

/**
 * The organization's console users: list them, invite one by email (the link is shown once, and
 * mailed when the platform sends mail), revoke open invitations, or add one with a password.
 */
export function Members(props: { me: Me }) {
  const orgId = props.me.org_id;
  const { value: members, error: loadError, reload: load } = useLoaded(() => api.members(orgId), orgId);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState("member");
  const [added, setAdded] = useState<string | null>(null);


  const { busy, errors, setErrors, submit } = useSubmit<Errors>(
    async () => {
      const member = await api.addMember(orgId, email.trim(), password, role);
      setAdded(member.email);
      setEmail("");
      setPassword("");
      load();
    },
    (p) => ({
      email: p.forField("/email") ?? (p.status === 409 ? p.detail : undefined),
      password: p.forField("/password"),
      role: p.forField("/role"),
      form: p.errors.length === 0 && p.status !== 409 ? summary(p) : undefined,
    }),
  );

  function onSubmit(e: Event) {
    e.preventDefault();
    setAdded(null);
    const local: Errors = {};
    if (!email.trim()) local.email = "is required";
    if (password.length < 12 || password.length > 256) local.password = "must be 12 to 256 characters long";
    setErrors(local);
    if (Object.keys(local).length === 0) submit();
  }

  return (
    <main>
      <h1>Members</h1>
      <p>People who log in to this console. Admins change everything; members read.</p>
      {loadError && <p class="form-error" role="alert">{loadError}</p>}
      {members === null && !loadError && <p aria-busy="true">Loading…</p>}
      {members !== null && (
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Added</th>
              <th scope="col">Last log-in</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.user_id}>
                <td>{m.email}</td>
                <td>{m.role}</td>
                <td>{new Date(m.created_at).toLocaleString()}</td>
                <td>{m.last_login_at ? new Date(m.last_login_at).toLocaleString() : "never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Invitations orgId={orgId} />
      <details class="add-member">
        <summary>Add a member with an initial password</summary>
        <p class="hint">Give them the password over a channel you trust; inviting them is safer.</p>
        <form onSubmit={onSubmit} noValidate class="inline">
        <CredentialFields
          email={email}
          setEmail={setEmail}
          password={password}
          setPassword={setPassword}
          errors={errors}
          creating
        />
        <RoleSelect id="role" label="Role" value={role} onChange={setRole} error={errors.role} />
        <FormError message={errors.form} />
        <button type="submit" disabled={busy}>
          {busy ? "Adding…" : "Add member"}
        </button>
        </form>
        {added && (
          <p class="notice" role="status">
            {added} can now log in.
          </p>
        )}
      </details>
    </main>
  );
}

type InviteErrors = { email?: string; role?: string; form?: string };

/** Invite by email, and the invitations still open. */
function Invitations(props: { orgId: string }) {
  const { orgId } = props;
  const { value: open, error: loadError, reload: load, change } = useLoaded(() => api.invitations(orgId), orgId);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("member");
  const [created, setCreated] = useState<InvitationCreated | null>(null);


  const { busy, errors, setErrors, submit } = useSubmit<InviteErrors>(
    async () => {
      setCreated(await api.invite(orgId, email.trim(), role));
      setEmail("");
      load();
    },
    (p) => ({
      email: p.forField("/email") ?? (p.status === 409 ? p.detail : undefined),
      role: p.forField("/role"),
      form: p.errors.length === 0 && p.status !== 409 ? summary(p) : undefined,
    }),
  );

  function onSubmit(e: Event) {
    e.preventDefault();
    setCreated(null);
    const local: InviteErrors = {};
    const value = email.trim();
    if (!value) local.email = "is required";
    else if (value.length > 254) local.email = "must be at most 254 characters";
    else if (!/^[^@\s]+@[^@\s]+$/.test(value)) local.email = "must be an email address";
    setErrors(local);
    if (Object.keys(local).length === 0) submit();
  }

  function revoke(i: Invitation) {
    return change(`Revoke the invitation of ${i.email}? Its link stops working.`, async () => {
      await api.revokeInvitation(orgId, i.id);
      if (created?.id === i.id) setCreated(null);
    });
  }

  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <form onSubmit={onSubmit} noValidate class="inline">
        <Field
          id="invite-email"
          label="Email address to invite"
          type="email"
          value={email}
          onInput={setEmail}
          error={errors.email}
          maxLength={254}
          required
        />
        <RoleSelect id="invite-role" label="Their role" value={role} onChange={setRole} error={errors.role} />
        <FormError message={errors.form} />
        <button type="submit" disabled={busy}>
          {busy ? "Inviting…" : "Invite"}
        </button>
      </form>
      {created && (
        <div class="secret" role="status" aria-live="polite">
          <p>
            {created.emailed ? (
              <>
                We emailed an invitation to <strong>{created.email}</strong>. You can also send them this link:
              </>
            ) : (
              <>
                Send <strong>{created.email}</strong> this link over a channel you trust; it is not shown again:
              </>
            )}
          </p>
          <code data-testid="invite-link">{created.accept_url}</code>
          <p class="hint">It works once, until {new Date(created.expires_at).toLocaleString()}.</p>
        </div>
      )}
      <h3>Open invitations</h3>
      {loadError && (
        <p class="form-error" role="alert">
          {loadError}
        </p>
      )}
      {open !== null && open.length === 0 && <p>No open invitation.</p>}
      {open !== null && open.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Invited by</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {open.map((i) => (
              <tr key={i.id} class={i.expired ? "revoked" : undefined} data-testid="invitation">
                <td>{i.email}</td>
                <td>{i.role}</td>
                <td>{i.created_by.replace(/^user:/, "")}</td>
                <td>{i.expired ? "expired" : new Date(i.expires_at).toLocaleString()}</td>
                <td>
                  <button type="button" class="danger" onClick={() => revoke(i)} aria-label={`Revoke the invitation of ${i.email}`}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
