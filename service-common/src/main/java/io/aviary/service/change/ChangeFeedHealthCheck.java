package io.aviary.service.change;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the change-feed LISTEN connection is up, so brokers get changes promptly. */
@Readiness
@ApplicationScoped
public class ChangeFeedHealthCheck implements HealthCheck {

  private final ChangeHub hub;

  public ChangeFeedHealthCheck(ChangeHub hub) {
    this.hub = hub;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("change-feed")
        .status(hub.listening())
        .withData("subscribers", hub.subscriberCount())
        .build();
  }
}
