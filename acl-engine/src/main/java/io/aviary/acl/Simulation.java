package io.aviary.acl;

import java.util.List;

/**
 * What the simulator found for one case.
 *
 * @param decision the verdict, exactly as the broker would decide it
 * @param boundTopic the deciding rule's topic with the subject's variables bound, or null when the
 *     default decided
 * @param trace every rule in precedence order up to the deciding one, with why it did or did not
 *     match
 */
public record Simulation(Decision decision, String boundTopic, List<Step> trace) {
  public Simulation {
    trace = List.copyOf(trace);
  }

  /**
   * One rule considered.
   *
   * @param rule the rule
   * @param outcome one of {@code matched}, {@code action}, {@code condition}, {@code variable},
   *     {@code topic}
   * @param detail a sentence, e.g. "variable {agent_id} is not bound"
   */
  public record Step(Rule rule, String outcome, String detail) {}
}
