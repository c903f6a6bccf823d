import { Me } from "../api";

/** Not built yet. */
export function Audit(props: { me: Me }) {
  return (
    <main>
      <h1>Audit</h1>
      <p>Not built yet ({props.me.org_id}).</p>
    </main>
  );
}
