package io.aviary.audit.pipeline.retention;

import io.aviary.audit.pipeline.config.AuditConfig;
import io.aviary.audit.pipeline.metrics.AuditMetrics;
import io.aviary.audit.pipeline.store.Partitions;
import io.aviary.service.internal.InternalToken;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Store upkeep on a timer: every {@code aviary.audit.retention.sweep-interval} (first one minute
 * after start) it creates the coming days' partitions and, unless retention is off, runs a {@link
 * RetentionSweeper} sweep with tenant-api's settings.
 */
@ApplicationScoped
public class RetentionService {

  private static final Logger LOG = Logger.getLogger(RetentionService.class);
  private static final Duration FIRST_RUN = Duration.ofMinutes(1);

  private final AuditConfig config;
  private final Partitions partitions;
  private final RetentionSweeper sweeper;
  private ScheduledExecutorService timer;

  public RetentionService(
      AuditConfig config,
      DataSource dataSource,
      Partitions partitions,
      AuditMetrics metrics,
      Clock clock,
      InternalToken token) {
    this.config = config;
    this.partitions = partitions;
    AuditConfig.Retention retention = config.audit().retention();
    this.sweeper =
        new RetentionSweeper(
            dataSource,
            partitions,
            new TenantApiRetention(
                config.tenantApiUrl(),
                token.value(),
                retention.defaultDays(),
                retention.settingsTimeout()),
            metrics,
            clock,
            retention.deleteBatch());
  }

  void onStart(@Observes StartupEvent event) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("aviary-audit-retention").factory());
    long interval = config.audit().retention().sweepInterval().toMillis();
    timer.scheduleWithFixedDelay(
        this::upkeep, Math.min(FIRST_RUN.toMillis(), interval), interval, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void upkeep() {
    try {
      partitions.ensureAhead();
      if (config.audit().retention().enabled()) {
        sweeper.sweep();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warnf(
          "Audit store upkeep failed; next attempt in %s: %s",
          config.audit().retention().sweepInterval(), e);
    }
  }
}
