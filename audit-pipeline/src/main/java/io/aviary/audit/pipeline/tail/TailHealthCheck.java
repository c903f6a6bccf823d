package io.aviary.audit.pipeline.tail;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the LISTEN connection is up, so live tails get events promptly. */
@Readiness
@ApplicationScoped
public class TailHealthCheck implements HealthCheck {

  private final TailService tails;
  private final TailHub hub;

  public TailHealthCheck(TailService tails, TailHub hub) {
    this.tails = tails;
    this.hub = hub;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("audit-tail")
        .status(tails.listening())
        .withData("tails", hub.size())
        .build();
  }
}
