package io.aviary.acl;

import java.util.List;

/**
 * What validating a document found: the policy when there is no error, and every problem.
 *
 * @param policy the policy, or null when any problem is an error
 * @param problems errors and warnings in document order
 */
public record ParseResult(Policy policy, List<Problem> problems) {
  public ParseResult {
    problems = List.copyOf(problems);
  }

  public boolean valid() {
    return policy != null;
  }

  public List<Problem> errors() {
    return problems.stream().filter(p -> p.severity() == Severity.ERROR).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> p.severity() == Severity.WARNING).toList();
  }
}
