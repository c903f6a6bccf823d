import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Link, Route, Switch, useLocation } from "wouter-preact";
import { api, Me, whenSessionExpires } from "./api";
import { ApiKeys } from "./pages/ApiKeys";
import { Audit } from "./pages/Audit";
import { Certificates } from "./pages/Certificates";
import { Idps } from "./pages/Idps";
import { Invite } from "./pages/Invite";
import { Login } from "./pages/Login";
import { Members } from "./pages/Members";
import { OidcCallback } from "./pages/OidcCallback";
import { Policies } from "./pages/Policies";
import { ServiceAccounts } from "./pages/ServiceAccounts";
import { Sessions } from "./pages/Sessions";
import { Signup } from "./pages/Signup";
import { Start } from "./pages/Start";
import "./style.css";

/** The main navigation: each page of a signed-in user, in the order an organization needs them. */
const PAGES: [string, string][] = [
  ["/start", "Getting started"],
  ["/idps", "Identity providers"],
  ["/policies", "Access control"],
  ["/sessions", "Sessions"],
  ["/audit", "Audit"],
  ["/keys", "API keys"],
  ["/service-accounts", "Service accounts"],
  ["/certificates", "Certificates"],
  ["/members", "Members"],
];

/** Pages that need a session wait for it, and send visitors without one to log in. */
function App() {
  const [location, navigate] = useLocation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const open =
    location === "/signup" || location === "/login" || location === "/login/callback" || location === "/invite";

  useEffect(() => {
    whenSessionExpires(() => {
      setMe(null);
      setExpired(true);
      navigate(`/login?next=${encodeURIComponent(location)}`);
    });
  }, [location]);

  useEffect(() => {
    if (open) return;
    api.me().then(
      (m) => setMe(m),
      () => {
        setMe(null);
        navigate(location === "/" ? "/signup" : `/login?next=${encodeURIComponent(location)}`);
      },
    );
  }, [location]);

  async function logOut() {
    await api.logOut().catch(() => undefined);
    setMe(null);
    setExpired(false);
    navigate("/login");
  }

  return (
    <>
      <a class="skip" href="#content">
        Skip to content
      </a>
      <header>
        <Link href="/start" class="brand">
          Aviary
        </Link>
        {me && !open && (
          <nav aria-label="Main">
            {PAGES.map(([href, label]) => (
              <Link key={href} href={href} aria-current={location === href ? "page" : undefined}>
                {label}
              </Link>
            ))}
          </nav>
        )}
        {me && !open && (
          <nav aria-label="Account">
            <span class="who">{me.email ?? me.user_id}</span>
            <button type="button" class="link" onClick={logOut}>
              Log out
            </button>
          </nav>
        )}
      </header>
      <div id="content">
        <Switch>
          <Route path="/signup">
            <Signup />
          </Route>
          <Route path="/invite">
            <Invite />
          </Route>
          <Route path="/login">
            <Login expired={expired} />
          </Route>
          <Route path="/login/callback">
            <OidcCallback onSignedIn={() => setExpired(false)} />
          </Route>
          <Route path="/start">{me ? <Start me={me} /> : <Loading />}</Route>
          <Route path="/idps">{me ? <Idps me={me} /> : <Loading />}</Route>
          <Route path="/members">{me ? <Members me={me} /> : <Loading />}</Route>
          <Route path="/keys">{me ? <ApiKeys me={me} /> : <Loading />}</Route>
          <Route path="/policies">{me ? <Policies me={me} /> : <Loading />}</Route>
          <Route path="/sessions">{me ? <Sessions me={me} /> : <Loading />}</Route>
          <Route path="/audit">{me ? <Audit me={me} /> : <Loading />}</Route>
          <Route path="/service-accounts">{me ? <ServiceAccounts me={me} /> : <Loading />}</Route>
          <Route path="/certificates">{me ? <Certificates me={me} /> : <Loading />}</Route>
          <Route>{me ? <Start me={me} /> : <Loading />}</Route>
        </Switch>
      </div>
    </>
  );
}

function Loading() {
  return (
    <main aria-busy="true">
      <p>Loading…</p>
    </main>
  );
}

render(<App />, document.getElementById("app")!);
