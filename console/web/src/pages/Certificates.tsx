import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { Me } from "../api";
import { CaCertificate, MAX_PEM_CHARS, OrgCa, REVOCATION_REASONS, Revocation, tenantApi } from "../api/tenant";
import { Field, FormError } from "../components/Field";
import { PemInput, pemProblem } from "../components/PemInput";
import { messageOf, summary, useSubmit } from "../components/useSubmit";
import { useLoaded } from "../components/useLoaded";
import "./credentials.css";

/** tenant-api's bound on a CA bundle. */
const MAX_CERTIFICATES = 10;
/** A CA certificate this close to its end gets a warning. */
const WARN_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Client certificates: the organization's CA (what agents' certificates must chain to) and the
 * serials revoked before they expire.
 */
export function Certificates(props: { me: Me }) {
  const orgId = props.me.org_id;
  const admin = props.me.role === "admin";
  // undefined while loading, null when the organization has no CA
  const [ca, setCa] = useState<OrgCa | null | undefined>(undefined);
  const [caError, setCaError] = useState<string | null>(null);

  function loadCa() {
    tenantApi.ca(orgId).then(
      (c) => {
        setCa(c);
        setCaError(null);
      },
      (e) => setCaError(messageOf(e)),
    );
  }
  useEffect(loadCa, [orgId]);

  async function removeCa() {
    if (!confirm("Remove the organization CA? Agents can no longer connect with client certificates.")) return;
    try {
      await tenantApi.removeCa(orgId);
      loadCa();
    } catch (e) {
      setCaError(messageOf(e));
    }
  }

  return (
    <main class="credentials">
      <h1>Certificates</h1>
      <p>
        Agents and devices can connect without a password by presenting a client certificate on the
        MQTT-over-TLS listener (mTLS). Upload the CA that signs those certificates: a certificate that
        chains to it is accepted for this organization (the username still names it:{" "}
        <code>{`<anything>@${orgId}`}</code>). Its CN becomes the client's identity (the principal and{" "}
        <code>{"{user_id}"}</code>) and its SANs become bindings (<code>san_dns</code>,{" "}
        <code>san_uri</code>) that <Link href="/policies">policies</Link> can use. Revoke a
        certificate below to refuse it before it expires.
      </p>
      {!admin && (
        <p class="notice">
          Your role is <strong>{props.me.role ?? "none"}</strong>: you can see the CA and the
          revocations; only admins change them.
        </p>
      )}
      <section aria-labelledby="ca-heading">
        <h2 id="ca-heading">Organization CA</h2>
        {caError && (
          <p class="form-error" role="alert">
            {caError}
          </p>
        )}
        {ca === undefined && !caError && <p aria-busy="true">Loading…</p>}
        {ca === null && (
          <p data-testid="no-ca">No CA yet: client certificates are refused for this organization.</p>
        )}
        {ca && (
          <>
            <p class="hint">
              {ca.certificates.length === 1 ? "One certificate" : `${ca.certificates.length} certificates`}, set{" "}
              <time dateTime={ca.updated_at}>{new Date(ca.updated_at).toLocaleString()}</time>.
            </p>
            <ul class="cards" aria-label="CA certificates">
              {ca.certificates.map((c) => (
                <CertificateCard key={c.sha256_fingerprint} cert={c} />
              ))}
            </ul>
            <details>
              <summary>PEM</summary>
              <pre>
                <code>{ca.pem}</code>
              </pre>
            </details>
            <div class="actions spaced">
              <button type="button" class="danger" onClick={removeCa}>
                Remove CA
              </button>
            </div>
          </>
        )}
        {ca !== undefined && <CaForm orgId={orgId} current={ca?.pem ?? null} onSet={setCa} />}
      </section>
      <Revocations orgId={orgId} />
    </main>
  );
}

/** One CA certificate: who it is, how to recognize it, and until when it is valid. */
function CertificateCard(props: { cert: CaCertificate }) {
  const c = props.cert;
  const left = new Date(c.not_after).getTime() - Date.now();
  const days = Math.ceil(left / DAY_MS);
  return (
    <li class="card" data-testid="ca-certificate">
      <h3 class="break">{c.subject}</h3>
      {left <= 0 && (
        <p class="expiry expired" data-testid="ca-expiry">
          Expired: client certificates under it are refused. Upload a new CA.
        </p>
      )}
      {left > 0 && days < WARN_DAYS && (
        <p class="expiry soon" data-testid="ca-expiry">
          Expires in {left < DAY_MS ? "less than a day" : `${days} days`}: upload its
          successor alongside it before then.
        </p>
      )}
      <dl class="facts">
        <dt>Issuer</dt>
        <dd class="break">{c.self_signed ? "self-signed (a root)" : c.issuer}</dd>
        <dt>Valid</dt>
        <dd>
          <time dateTime={c.not_before}>{new Date(c.not_before).toLocaleDateString()}</time> to{" "}
          <time dateTime={c.not_after}>{new Date(c.not_after).toLocaleString()}</time>
        </dd>
        <dt>Serial</dt>
        <dd>
          <code class="break">{c.serial_number}</code>
        </dd>
        <dt>SHA-256 fingerprint</dt>
        <dd>
          <code data-testid="ca-fingerprint">{atColons(c.sha256_fingerprint)}</code>
        </dd>
        {c.path_length !== null && (
          <>
            <dt>Path length</dt>
            <dd>{c.path_length === 0 ? "0: signs client certificates only" : c.path_length}</dd>
          </>
        )}
      </dl>
    </li>
  );
}

/** Upload or replace the CA bundle, pasted or read from a file. */
function CaForm(props: { orgId: string; current: string | null; onSet: (ca: OrgCa) => void }) {
  const replacing = props.current !== null;
  const [pem, setPem] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const { busy, errors, setErrors, submit } = useSubmit<{ pem?: string; form?: string }>(
    async () => {
      const ca = await tenantApi.setCa(props.orgId, pem);
      setPem("");
      setDone(`The CA is ${replacing ? "replaced" : "set"}: brokers use it for new connections.`);
      props.onSet(ca);
    },
    (p) => {
      // a refused bundle points at /pem; an unexpected pointer still belongs to the one field
      const pemError = p.forField("/pem") ?? p.forField("") ?? (p.errors.length === 1 ? p.errors[0].detail : undefined);
      return { pem: pemError, form: pemError ? undefined : summary(p) };
    },
  );

  function onSubmit(e: Event) {
    e.preventDefault();
    setDone(null);
    const problem = pemProblem(pem, MAX_PEM_CHARS, MAX_CERTIFICATES);
    setErrors(problem ? { pem: problem } : {});
    if (!problem) submit();
  }

  return (
    <>
      <h3>{replacing ? "Replace the CA" : "Upload a CA"}</h3>
      <form onSubmit={onSubmit} noValidate class="wide-form" aria-label={replacing ? "Replace the CA" : "Upload a CA"}>
        <PemInput
          id="pem"
          label="CA certificates (PEM)"
          value={pem}
          onInput={(v) => {
            setPem(v);
            setDone(null);
          }}
          error={errors.pem}
          onFileError={(message) => setErrors({ pem: message })}
          hint={`1 to ${MAX_CERTIFICATES} CA certificates (basicConstraints CA:TRUE, valid now). Several blocks let a new CA overlap the old one. Never paste a private key.`}
          maxChars={MAX_PEM_CHARS}
        />
        <FormError message={errors.form} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Saving…" : replacing ? "Replace CA" : "Upload CA"}
          </button>
          {props.current && (
            // a rotation keeps the old CA beside the new one until every agent has moved
            <button type="button" class="secondary" onClick={() => setPem(props.current!)}>
              Start from the current certificates
            </button>
          )}
        </div>
      </form>
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
    </>
  );
}

type RevokeErrors = { serial?: string; reason?: string; issuer?: string; form?: string };

/** Revoked client certificates: revoke a serial with its reason, withdraw a revocation. */
function Revocations(props: { orgId: string }) {
  const orgId = props.orgId;
  const { value: list, error: loadError, reload: load, change } = useLoaded(() => tenantApi.revocations(orgId), orgId);
  const [serial, setSerial] = useState("");
  const [reason, setReason] = useState<string>("unspecified");
  const [issuer, setIssuer] = useState("");
  const [done, setDone] = useState<string | null>(null);


  const { busy, errors, setErrors, submit } = useSubmit<RevokeErrors>(
    async () => {
      const r = await tenantApi.revoke(orgId, cleanSerial(serial), reason, issuer.trim() || null);
      setDone(`Serial ${r.serial} is revoked: brokers refuse it at the next connection.`);
      setSerial("");
      setIssuer("");
      setReason("unspecified");
      load();
    },
    (p) => {
      // already revoked, maybe by someone else since the list was read: show it
      if (p.status === 409) load();
      const e: RevokeErrors = {
        serial: p.forField("/serial") ?? (p.status === 409 ? p.detail : undefined),
        reason: p.forField("/reason"),
        issuer: p.forField("/issuer"),
      };
      return { ...e, form: e.serial || e.reason || e.issuer ? undefined : summary(p) };
    },
  );

  function onSubmit(e: Event) {
    e.preventDefault();
    setDone(null);
    const local: RevokeErrors = {};
    const s = serial.trim();
    const digits = cleanSerial(s).replace(/^0x/i, "").replace(/[: ]/g, "");
    if (!s) local.serial = "is required";
    else if (!/^[0-9a-f]+$/i.test(digits)) {
      local.serial = "must be hex digits (0-9, a-f), optionally separated by colons, e.g. 0A:1B:FF";
    } else if (digits.replace(/^0+(?=.)/, "").length > 40) {
      local.serial = "has at most 40 hex digits (20 octets)";
    } else if (list?.some((r) => r.serial === digits.toLowerCase().replace(/^0+(?=.)/, ""))) {
      local.serial = `Serial ${digits.toLowerCase().replace(/^0+(?=.)/, "")} is already revoked.`;
    }
    const i = issuer.trim();
    if (i.length > 1024) local.issuer = `must be at most 1024 characters (it has ${i.length})`;
    else if (/[\u0000-\u001f\u007f]/.test(i)) local.issuer = "must not contain control characters";
    setErrors(local);
    if (Object.keys(local).length === 0) submit();
  }

  function withdraw(r: Revocation) {
    return change(`Withdraw the revocation of ${r.serial}? The certificate is accepted again until it expires.`, () => {
      setDone(null);
      return tenantApi.unrevoke(orgId, r.serial);
    });
  }

  return (
    <section aria-labelledby="revocations-heading">
      <h2 id="revocations-heading">Revoked certificates</h2>
      <p>
        A revoked serial is refused when a client presents it, even though the certificate is still
        valid. Find a certificate's serial with <code>openssl x509 -noout -serial -in agent.pem</code>.
      </p>
      {loadError && (
        <p class="form-error" role="alert">
          {loadError}
        </p>
      )}
      {list === null && !loadError && <p aria-busy="true">Loading…</p>}
      {list !== null && list.length === 0 && <p>No revoked certificates.</p>}
      {list !== null && list.length > 0 && (
        <div class="table-scroll">
          <table data-testid="revocations">
            <thead>
              <tr>
                <th scope="col">Serial</th>
                <th scope="col">Reason</th>
                <th scope="col">Issuer</th>
                <th scope="col">Revoked</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.serial}>
                  <td>
                    <code class="break">{r.serial}</code>
                  </td>
                  <td>{reasonLabel(r.reason)}</td>
                  <td class="break">{r.issuer ?? "—"}</td>
                  <td>
                    <time dateTime={r.revoked_at}>{new Date(r.revoked_at).toLocaleString()}</time>
                  </td>
                  <td>
                    <button
                      type="button"
                      class="danger"
                      onClick={() => withdraw(r)}
                      aria-label={`Withdraw revocation of ${r.serial}`}
                    >
                      Withdraw
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Revoke a certificate</h3>
      <form onSubmit={onSubmit} noValidate class="inline" aria-label="Revoke a certificate">
        <Field
          id="serial"
          label="Serial number"
          value={serial}
          onInput={setSerial}
          error={errors.serial}
          hint="Hex, as openssl prints it: 0A:1B:FF, 0x0a1bff and a1bff are the same."
          autoComplete="off"
          required
        />
        <div class={errors.reason ? "field invalid" : "field"}>
          <label for="reason">Reason</label>
          <select
            id="reason"
            value={reason}
            onChange={(e) => setReason((e.currentTarget as HTMLSelectElement).value)}
            aria-invalid={errors.reason ? "true" : undefined}
            aria-describedby={errors.reason ? "reason-error" : undefined}
          >
            {REVOCATION_REASONS.map((r) => (
              <option key={r} value={r}>
                {reasonLabel(r)}
              </option>
            ))}
          </select>
          {errors.reason && (
            <p class="error" id="reason-error">
              {errors.reason}
            </p>
          )}
        </div>
        <Field
          id="issuer"
          label="Issuer DN (optional)"
          value={issuer}
          onInput={setIssuer}
          error={errors.issuer}
          hint="For your records, e.g. CN=Pipes Agents CA,O=Pipes."
          autoComplete="off"
        />
        <FormError message={errors.form} />
        <button type="submit" disabled={busy}>
          {busy ? "Revoking…" : "Revoke certificate"}
        </button>
      </form>
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
    </section>
  );
}

/** Colon-separated hex that wraps after a colon rather than inside a byte. */
function atColons(hex: string) {
  return hex.split(":").map((octet, i) => (
    <Fragment key={i}>
      {i > 0 && ":"}
      {i > 0 && <wbr />}
      {octet}
    </Fragment>
  ));
}

/** `serial=0A1B` as `openssl x509 -serial` prints it is the serial 0A1B. */
function cleanSerial(text: string): string {
  return text.trim().replace(/^serial=/i, "");
}

const REASON_LABELS: Record<string, string> = {
  unspecified: "Unspecified",
  key_compromise: "Key compromise",
  ca_compromise: "CA compromise",
  affiliation_changed: "Affiliation changed",
  superseded: "Superseded",
  cessation_of_operation: "Cessation of operation",
  certificate_hold: "Certificate hold",
  privilege_withdrawn: "Privilege withdrawn",
  aa_compromise: "Attribute authority compromise",
};

/** A reason code (RFC 5280) in words. */
function reasonLabel(code: string): string {
  return REASON_LABELS[code] ?? code;
}
