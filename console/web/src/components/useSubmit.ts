import { useState } from "preact/hooks";
import { Problem } from "../api";

/**
 * A form's submission: runs `action` once at a time, and turns what it throws into the form's
 * errors with `fromProblem` (or a message when the server could not be reached).
 */
export function useSubmit<E extends { form?: string }>(
  action: () => Promise<void>,
  fromProblem: (problem: Problem) => E,
): { busy: boolean; errors: E; setErrors: (errors: E) => void; submit: () => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<E>({} as E);
  async function submit() {
    setBusy(true);
    try {
      await action();
    } catch (err) {
      setErrors(err instanceof Problem ? fromProblem(err) : ({ form: messageOf(err) } as E));
    } finally {
      setBusy(false);
    }
  }
  return { busy, errors, setErrors, submit };
}

/** What to tell the user about a failed call: the server's problem, or that it was not reached. */
export function messageOf(err: unknown): string {
  return err instanceof Problem ? summary(err) : "The console could not reach the server.";
}

/** The problem's title and detail, for a message above the form. */
export function summary(problem: Problem): string {
  return problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
}
