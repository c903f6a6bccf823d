import { Me } from "../api";

/** Not built yet. */
export function ServiceAccounts(props: { me: Me }) {
  return (
    <main>
      <h1>ServiceAccounts</h1>
      <p>Not built yet ({props.me.org_id}).</p>
    </main>
  );
}
