package io.aviary.audit.pipeline.config;

import io.aviary.service.internal.InternalToken;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The internal token as this service presents it to tenant-api: {@code aviary.internal.token}, or
 * in dev mode the token tenant-api generated into {@code <data-dir>/internal-token}
 * (service-common's {@link InternalToken} only checks presented tokens, it does not hand its value
 * out).
 */
@Singleton
public class InternalTokenValue implements Supplier<Optional<String>> {

  private final AuditConfig config;

  public InternalTokenValue(AuditConfig config) {
    this.config = config;
  }

  @Override
  public Optional<String> get() {
    Optional<String> configured =
        config.internal().token().map(String::strip).filter(t -> !t.isEmpty());
    if (configured.isPresent() || !config.devMode()) {
      return configured;
    }
    Path file = config.dataDir().resolve(InternalToken.DEV_FILE);
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
              .filter(t -> !t.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
