package io.aviary.acl.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ACL service's business metrics: {@code aviary_acl_versions_stored_total}, {@code
 * aviary_acl_activations_total}, {@code aviary_acl_validations_total{outcome}} and {@code
 * aviary_acl_simulations_total}.
 */
@ApplicationScoped
public class AclMetrics {

  private final Counter stored;
  private final Counter activations;
  private final Counter valid;
  private final Counter invalid;
  private final Counter simulations;

  public AclMetrics(MeterRegistry registry) {
    this.stored =
        Counter.builder("aviary.acl.versions.stored")
            .description("Policy versions stored")
            .register(registry);
    this.activations =
        Counter.builder("aviary.acl.activations")
            .description("Policy versions activated (including rollbacks)")
            .register(registry);
    this.valid = validations(registry, "valid");
    this.invalid = validations(registry, "invalid");
    this.simulations =
        Counter.builder("aviary.acl.simulations")
            .description("Cases simulated, one per case of a batch")
            .register(registry);
  }

  private static Counter validations(MeterRegistry registry, String outcome) {
    return Counter.builder("aviary.acl.validations")
        .description("Policy documents validated (stored, validated or simulated as drafts)")
        .tag("outcome", outcome)
        .register(registry);
  }

  public void stored() {
    stored.increment();
  }

  public void activated() {
    activations.increment();
  }

  public void validated(boolean ok) {
    (ok ? valid : invalid).increment();
  }

  public void simulated(int cases) {
    simulations.increment(cases);
  }
}
