import { Me } from "../api";

/** Not built yet. */
export function Policies(props: { me: Me }) {
  return (
    <main>
      <h1>Policies</h1>
      <p>Not built yet ({props.me.org_id}).</p>
    </main>
  );
}
