package io.aviary.broker.audit;

/**
 * Port: where audit events go. {@link #emit} must never block or throw: a slow or absent backend
 * costs counted drops, never a stalled connection.
 */
public interface AuditSink {
  void emit(AuditEvent event);
}
