package io.aviary.service.change;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the change-feed LISTEN connection is up, so brokers get changes promptly. */
@Readiness
@ApplicationScoped
public class ChangeFeedHealthCheck implements HealthCheck {

  private final ChangeListener listener;
  private final ChangeHub hub;

  public ChangeFeedHealthCheck(ChangeListener listener, ChangeHub hub) {
    this.listener = listener;
    this.hub = hub;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("change-feed")
        .status(listener.listening())
        .withData("subscribers", hub.subscriberCount())
        .build();
  }
}
