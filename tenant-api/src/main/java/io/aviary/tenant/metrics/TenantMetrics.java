package io.aviary.tenant.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The tenant API's business metrics: {@code aviary_tenant_signups_total}, {@code
 * aviary_tenant_logins_total{method,outcome}} and {@code aviary_tenant_tokens_issued_total{kind}}.
 */
@ApplicationScoped
public class TenantMetrics {

  private final MeterRegistry registry;
  private final Counter signups;

  public TenantMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.signups =
        Counter.builder("aviary.tenant.signups")
            .description("Organizations created by sign-up")
            .register(registry);
  }

  public void signedUp() {
    signups.increment();
  }

  /**
   * Counts one log-in attempt.
   *
   * @param method {@code password}, {@code api_key} or {@code oidc}
   * @param success whether it succeeded
   */
  public void login(String method, boolean success) {
    Counter.builder("aviary.tenant.logins")
        .description("Token requests by credential type and outcome")
        .tag("method", method)
        .tag("outcome", success ? "success" : "failure")
        .register(registry)
        .increment();
  }

  /**
   * Counts one signed platform token.
   *
   * @param kind {@code access} or {@code mqtt}
   */
  public void tokenIssued(String kind) {
    Counter.builder("aviary.tenant.tokens.issued")
        .description("Platform tokens signed")
        .tag("kind", kind)
        .register(registry)
        .increment();
  }
}
