package io.aviary.audit.pipeline.ingest;

import io.aviary.audit.pipeline.metrics.AuditMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the consumer thread runs (or ingest is off by configuration). */
@Readiness
@ApplicationScoped
public class IngestHealthCheck implements HealthCheck {

  private final IngestService ingest;
  private final AuditMetrics metrics;

  public IngestHealthCheck(IngestService ingest, AuditMetrics metrics) {
    this.ingest = ingest;
    this.metrics = metrics;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("audit-ingest")
        .status(ingest.disabled() || ingest.alive())
        .withData("enabled", !ingest.disabled())
        .withData("consumer_lag", metrics.lag())
        .build();
  }
}
