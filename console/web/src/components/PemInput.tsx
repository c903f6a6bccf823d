import type { JSX } from "preact";

interface Props {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  /** The error next to the field: the client's check or the server's answer. */
  error?: string;
  /** Called when the chosen file cannot be read or is too large. */
  onFileError: (message: string) => void;
  hint?: string;
  /** Largest accepted text, in characters; a larger file is not read. */
  maxChars: number;
}

/** PEM text: pasted into a textarea, or read into it from a local .pem file (never uploaded as is). */
export function PemInput(props: Props): JSX.Element {
  const fileId = `${props.id}-file`;
  const describedBy = [props.hint ? `${props.id}-hint` : "", props.error ? `${props.id}-error` : ""]
    .filter(Boolean)
    .join(" ");

  async function onFile(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > props.maxChars) {
      props.onFileError(`${file.name} is larger than ${Math.round(props.maxChars / 1024)} KiB: it is not a CA bundle.`);
    } else {
      try {
        props.onInput(await file.text());
      } catch {
        props.onFileError(`${file.name} could not be read.`);
      }
    }
    // Choosing the same file again reads it again.
    input.value = "";
  }

  return (
    <div class={props.error ? "field invalid" : "field"}>
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        name={props.id}
        rows={10}
        value={props.value}
        onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
        spellcheck={false}
        autoComplete="off"
        placeholder={"-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"}
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
      <div class="pem-file">
        <label for={fileId}>Or read a .pem file</label>
        <input id={fileId} type="file" accept=".pem,.crt,.cer,application/x-pem-file,text/plain" onChange={onFile} />
      </div>
    </div>
  );
}

/** What is wrong with PEM text before it is sent, or undefined when it may be a CA bundle. */
export function pemProblem(pem: string, maxChars: number, maxCertificates: number): string | undefined {
  if (!pem.trim()) return "is required: paste the CA certificate or read it from a file";
  if (pem.length > maxChars) return `is larger than ${Math.round(maxChars / 1024)} KiB`;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    return "contains a private key: upload only the CA certificate, never its key";
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (blocks === 0) return "is not a PEM certificate: expected a -----BEGIN CERTIFICATE----- block";
  if (blocks !== (pem.match(/-----END CERTIFICATE-----/g)?.length ?? 0)) {
    return "has a -----BEGIN CERTIFICATE----- without its -----END CERTIFICATE-----";
  }
  if (blocks > maxCertificates) return `has ${blocks} certificates; at most ${maxCertificates} are accepted`;
  return undefined;
}
