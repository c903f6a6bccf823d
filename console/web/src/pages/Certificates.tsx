import { Me } from "../api";

/** Not built yet. */
export function Certificates(props: { me: Me }) {
  return (
    <main>
      <h1>Certificates</h1>
      <p>Not built yet ({props.me.org_id}).</p>
    </main>
  );
}
