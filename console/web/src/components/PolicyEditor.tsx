import type { JSX } from "preact";
import { useRef } from "preact/hooks";
import type { PolicyProblem } from "../api/acl";

interface Props {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  /** The validator's problems for `value`, each pinned to a line and column of it. */
  problems: PolicyProblem[];
  readOnly?: boolean;
}

/**
 * A policy's text with line numbers, the validator's messages pinned to their lines in the gutter,
 * and a list of those messages below; choosing one puts the caret where it points.
 */
export function PolicyEditor(props: Props): JSX.Element {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = props.value.split("\n").length;
  const byLine = new Map<number, PolicyProblem[]>();
  for (const p of props.problems) {
    byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
  }

  function goTo(p: PolicyProblem) {
    const el = area.current;
    if (!el) return;
    const text = props.value.split("\n");
    let offset = 0;
    for (let i = 0; i < Math.min(p.line - 1, text.length); i++) offset += text[i].length + 1;
    offset += Math.max(0, p.column - 1);
    el.focus();
    el.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (p.line - 3) * lineHeight);
  }

  const errors = props.problems.filter((p) => p.severity === "error").length;
  const warnings = props.problems.length - errors;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <div class={errors ? "editor invalid" : "editor"}>
        <div class="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => {
            const here = byLine.get(i + 1);
            const severity = here?.some((p) => p.severity === "error") ? "error" : here ? "warning" : "";
            return (
              <div key={i} class={severity} title={here?.map((p) => p.message).join("\n")}>
                {i + 1}
              </div>
            );
          })}
        </div>
        <textarea
          id={props.id}
          ref={area}
          value={props.value}
          readOnly={props.readOnly}
          spellcheck={false}
          wrap="off"
          autoCapitalize="off"
          autoComplete="off"
          rows={Math.min(Math.max(lines + 1, 12), 30)}
          aria-invalid={errors ? "true" : undefined}
          aria-describedby={`${props.id}-problems`}
          onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = (e.currentTarget as HTMLTextAreaElement).scrollTop;
          }}
        />
      </div>
      <div id={`${props.id}-problems`}>
        <p class={errors ? "error" : "hint"} role="status" aria-live="polite">
          {errors || warnings ? count(errors, "error") + (warnings ? `, ${count(warnings, "warning")}` : "") : ""}
        </p>
        {props.problems.length > 0 && (
          <ul class="problems">
            {props.problems.map((p, i) => (
              <li key={i} class={p.severity} data-testid="policy-problem">
                <button type="button" class="link" onClick={() => goTo(p)}>
                  Line {p.line}, column {p.column}
                </button>
                <span>
                  {" "}
                  {p.severity}: {p.message}
                </span>{" "}
                {p.pointer && <code>{p.pointer}</code>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}
