package io.aviary.node.health;

import io.aviary.node.listener.Listeners;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every enabled MQTT listener is bound; not ready while shutting down. */
@Readiness
@ApplicationScoped
public class ListenersReadiness implements HealthCheck {
  private final Listeners listeners;

  public ListenersReadiness(Listeners listeners) {
    this.listeners = listeners;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("mqtt-listeners").status(listeners.isReady()).build();
  }
}
