package io.aviary.service.internal;

import io.aviary.service.secret.PrivateFiles;
import io.aviary.service.secret.RandomIds;
import io.aviary.service.secret.Sha256;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The shared secret brokers (and other services) present on {@code /internal/v1}. Outside dev mode
 * it must be configured ({@code aviary.internal.token}, at least 32 characters) or the service
 * refuses to start; in dev mode a missing token is generated once into {@code
 * <data-dir>/internal-token}, which every service with the same data directory then shares.
 *
 * <p>Reads {@code aviary.internal.token}, {@code aviary.dev-mode} and {@code aviary.data-dir}; a
 * service using it documents these keys in its own configuration mapping.
 */
@ApplicationScoped
public class InternalToken {

  /** File under the data directory holding the generated dev token. */
  public static final String DEV_FILE = "internal-token";

  static final int MIN_LENGTH = 32;

  private static final Logger LOG = Logger.getLogger(InternalToken.class);

  private final Optional<String> configured;
  private final boolean devMode;
  private final Path dataDir;
  private volatile String token;

  public InternalToken(
      @ConfigProperty(name = "aviary.internal.token") Optional<String> configured,
      @ConfigProperty(name = "aviary.dev-mode", defaultValue = "false") boolean devMode,
      @ConfigProperty(name = "aviary.data-dir", defaultValue = "./data") Path dataDir) {
    this.configured = configured;
    this.devMode = devMode;
    this.dataDir = dataDir;
  }

  void onStart(@Observes StartupEvent event) {
    token();
  }

  /** The token itself, which this service presents as a bearer to other services' internal APIs. */
  public String value() {
    return token();
  }

  /** Whether {@code presented} is the internal token (constant time). */
  public boolean matches(String presented) {
    return presented != null && Sha256.secretsEqual(token(), presented);
  }

  private String token() {
    String t = token;
    if (t == null) {
      synchronized (this) {
        t = token;
        if (t == null) {
          t = resolve();
          token = t;
        }
      }
    }
    return t;
  }

  private String resolve() {
    String value = configured.map(String::strip).orElse("");
    if (!value.isEmpty()) {
      if (value.length() < MIN_LENGTH && !devMode) {
        throw new IllegalStateException(
            "aviary.internal.token (AVIARY_INTERNAL_TOKEN) must be at least "
                + MIN_LENGTH
                + " characters");
      }
      return value;
    }
    if (!devMode) {
      throw new IllegalStateException(
          "aviary.internal.token (AVIARY_INTERNAL_TOKEN) is required outside dev mode: brokers"
              + " authenticate to /internal/v1 with it");
    }
    return devToken(dataDir.resolve(DEV_FILE));
  }

  private static String devToken(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (existing.length() >= MIN_LENGTH) {
          return existing;
        }
      }
      String generated = RandomIds.base32(52);
      PrivateFiles.write(file, generated + "\n");
      LOG.infof("Generated the dev internal token in %s", file);
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write " + file, e);
    }
  }
}
