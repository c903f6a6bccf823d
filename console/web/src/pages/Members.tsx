import { useEffect, useState } from "preact/hooks";
import { api, Me, Member } from "../api";
import { CredentialFields, FormError } from "../components/Field";
import { messageOf, summary, useSubmit } from "../components/useSubmit";

type Errors = { email?: string; password?: string; role?: string; form?: string };

/** The organization's console users: list them, add one with an initial password and a role. */
export function Members(props: { me: Me }) {
  const orgId = props.me.org_id;
  const [members, setMembers] = useState<Member[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState("member");
  const [added, setAdded] = useState<string | null>(null);

  function load() {
    api.members(orgId).then(setMembers, (e) => setLoadError(messageOf(e)));
  }
  useEffect(load, [orgId]);

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
      <h2>Add a member</h2>
      <p class="hint">
        Give them the initial password over a channel you trust. Inviting by email is not built yet.
      </p>
      <form onSubmit={onSubmit} noValidate class="inline">
        <CredentialFields
          email={email}
          setEmail={setEmail}
          password={password}
          setPassword={setPassword}
          errors={errors}
          creating
        />
        <div class="field">
          <label for="role">Role</label>
          <select id="role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}>
            <option value="member">member: can read</option>
            <option value="admin">admin: can change everything</option>
          </select>
          {errors.role && <p class="error">{errors.role}</p>}
        </div>
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
    </main>
  );
}
