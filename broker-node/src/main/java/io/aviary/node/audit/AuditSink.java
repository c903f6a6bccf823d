package io.aviary.node.audit;

import io.aviary.audit.event.AuditRecord;

/**
 * Port: where the broker's audit events go. {@link #emit} must never block or throw: a slow or
 * absent backend costs counted drops, never a stalled connection.
 */
public interface AuditSink {
  void emit(AuditRecord record);
}
