package io.aviary.audit.pipeline.config;

import io.aviary.audit.pipeline.metrics.AuditMetrics;
import io.aviary.audit.pipeline.query.EventQueries;
import io.aviary.audit.pipeline.query.RefusalCounts;
import io.aviary.audit.pipeline.store.Partitions;
import io.aviary.audit.pipeline.tail.TailHub;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/** The framework-free cores of the pipeline, as beans: each is built with {@code new} in tests. */
public class PipelineBeans {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  AuditMetrics metrics(MeterRegistry registry) {
    return new AuditMetrics(registry);
  }

  @Produces
  @Singleton
  Partitions partitions(DataSource dataSource, Clock clock, AuditConfig config) {
    return new Partitions(
        dataSource,
        clock,
        config.audit().partitions().aheadDays(),
        config.audit().partitions().backDays());
  }

  @Produces
  @Singleton
  EventQueries queries(DataSource dataSource) {
    return new EventQueries(dataSource);
  }

  @Produces
  @Singleton
  RefusalCounts refusalCounts(DataSource dataSource) {
    return new RefusalCounts(dataSource);
  }

  @Produces
  @Singleton
  TailHub tails(DataSource dataSource, Clock clock, AuditConfig config) {
    return new TailHub(dataSource, config.audit().api().maxTails(), clock);
  }

  void closeTails(@Disposes TailHub tails) {
    tails.close();
  }
}
