import { Me } from "../api";

/** Not built yet. */
export function Sessions(props: { me: Me }) {
  return (
    <main>
      <h1>Sessions</h1>
      <p>Not built yet ({props.me.org_id}).</p>
    </main>
  );
}
