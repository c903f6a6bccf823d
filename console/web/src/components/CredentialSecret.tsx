import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

/**
 * A button that copies `text`. Where the clipboard is not available (a console served over plain
 * HTTP to another host), it selects `target`'s text instead so that Ctrl+C copies it.
 */
export function CopyButton(props: { text: string; label: string; target?: () => HTMLElement | null }): JSX.Element {
  const [done, setDone] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.text);
      setDone("Copied.");
    } catch {
      const el = props.target?.();
      if (el) window.getSelection()?.selectAllChildren(el);
      setDone("Selected: press Ctrl+C (⌘C) to copy.");
    }
  }
  return (
    <span class="copy">
      <button type="button" class="secondary" onClick={copy}>
        {props.label}
      </button>
      <span role="status" class="hint">
        {done}
      </span>
    </span>
  );
}

interface Props {
  /** What the credential belongs to, e.g. the service account's name. */
  owner: string;
  username: string;
  password: string;
  expiresAt: string;
  /** A command line that uses the credential. */
  example: string;
  onDismiss: () => void;
  /** Notes under the example, e.g. where to get the CA file it names. */
  children?: ComponentChildren;
}

/** A just-issued MQTT credential, shown once: username, password, expiry and an example command. */
export function CredentialSecret(props: Props): JSX.Element {
  const password = useRef<HTMLElement>(null);
  const example = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard and screen-reader users land on the credential they just asked for.
  useEffect(() => heading.current?.focus(), [props.password]);
  return (
    <div class="secret" data-testid="credential">
      <h3 tabIndex={-1} ref={heading}>
        New credential for {props.owner}
      </h3>
      <p>
        Copy it now: it is not shown again. It expires{" "}
        <time dateTime={props.expiresAt}>{new Date(props.expiresAt).toLocaleString()}</time>.
      </p>
      <dl class="facts">
        <dt>Username</dt>
        <dd>
          <code data-testid="credential-username">{props.username}</code>
        </dd>
        <dt>Password</dt>
        <dd>
          <code class="password" ref={password} data-testid="credential-password">
            {props.password}
          </code>
          <CopyButton text={props.password} label="Copy password" target={() => password.current} />
        </dd>
      </dl>
      <p>Try it with mosquitto:</p>
      <pre class="wrap">
        <code ref={example} data-testid="credential-example">
          {props.example}
        </code>
      </pre>
      {props.children}
      <div class="actions">
        <CopyButton text={props.example} label="Copy command" target={() => example.current} />
        <button type="button" class="secondary" onClick={props.onDismiss}>
          Hide credential
        </button>
      </div>
    </div>
  );
}
