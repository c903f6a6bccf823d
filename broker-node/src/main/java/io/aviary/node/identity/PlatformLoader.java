package io.aviary.node.identity;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Loads the platform credential facts from tenant-api once, and again after a failure (at most
 * every {@link #RETRY}); while they cannot be loaded, passwords are checked as IdP tokens only.
 */
public final class PlatformLoader
    implements Supplier<CompletionStage<Optional<PlatformCredentials>>> {
  private static final Logger LOG = Logger.getLogger(PlatformLoader.class);
  static final Duration RETRY = Duration.ofSeconds(5);

  private final TenantApiClient client;
  private CompletableFuture<PlatformCredentials> current;
  private long failedAt;

  public PlatformLoader(TenantApiClient client) {
    this.client = client;
  }

  @Override
  public CompletionStage<Optional<PlatformCredentials>> get() {
    return load().handle((credentials, error) -> Optional.ofNullable(credentials));
  }

  private synchronized CompletableFuture<PlatformCredentials> load() {
    long now = System.nanoTime();
    if (current == null
        || (current.isCompletedExceptionally() && now - failedAt > RETRY.toNanos())) {
      CompletableFuture<PlatformCredentials> attempt =
          client.platform().thenApply(PlatformCredentials::new).toCompletableFuture();
      attempt.whenComplete(
          (ok, error) -> {
            if (error != null) {
              LOG.warnf("cannot load platform credential facts from %s: %s", client.base(), error);
              markFailed();
            }
          });
      current = attempt;
    }
    return current;
  }

  private synchronized void markFailed() {
    failedAt = System.nanoTime();
  }
}
