package io.aviary.node;

import io.aviary.broker.audit.AuditEvent;
import io.aviary.broker.audit.AuditSink;
import org.jboss.logging.Logger;

/**
 * Writes audit events to the {@code aviary.audit} log category at DEBUG, until the Kafka-backed
 * sink exists. Events carry no payloads or credentials.
 */
final class LoggingAuditSink implements AuditSink {
  private static final Logger LOG = Logger.getLogger("aviary.audit");

  @Override
  public void emit(AuditEvent event) {
    LOG.debug(event);
  }
}
