package io.aviary.node.audit;

import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditRecord;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Development without Kafka: each event is written as its wire JSON to the {@code aviary.audit} log
 * category at DEBUG. Production refuses to start with it (see {@code Broker}).
 */
public final class LogAuditSink implements AuditSink {
  private static final Logger LOG = Logger.getLogger("aviary.audit");
  private final AuditCodec codec = new AuditCodec();

  @Override
  public void emit(AuditRecord record) {
    if (LOG.isDebugEnabled()) {
      LOG.debug(new String(codec.write(record), StandardCharsets.UTF_8));
    }
  }
}
