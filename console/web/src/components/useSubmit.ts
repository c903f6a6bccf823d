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
      setErrors(
        err instanceof Problem
          ? fromProblem(err)
          : ({ form: "The console could not reach the server." } as E),
      );
    } finally {
      setBusy(false);
    }
  }
  return { busy, errors, setErrors, submit };
}

/** The problem's title and detail, for a message above the form. */
export function summary(problem: Problem): string {
  return problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
}
