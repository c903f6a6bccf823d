package io.aviary.audit.pipeline.query;

import io.aviary.audit.event.AuditCodec;
import java.nio.charset.StandardCharsets;

/**
 * Turns a stored event back into its wire form. PostgreSQL's jsonb keeps the content but not the
 * key order or spacing, so the stored document is read by the same strict codec that accepted it
 * and written again: what the API returns is byte for byte what {@link AuditCodec#write} produces,
 * which is what producers put on the topic.
 */
public final class WireJson {

  private final AuditCodec codec = new AuditCodec();

  /** The wire form of a stored {@code event} (jsonb as text). */
  public byte[] render(String stored) {
    byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
    if (codec.read(bytes) instanceof AuditCodec.Accepted accepted) {
      return codec.write(accepted.record());
    }
    // Only a row written by another version of the contract can get here; show it as stored.
    return bytes;
  }
}
