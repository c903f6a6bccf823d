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

  /** Set once loaded: every later CONNECT takes it without a lock or an allocation. */
  private volatile CompletableFuture<Optional<PlatformCredentials>> loaded;

  public PlatformLoader(TenantApiClient client) {
    this.client = client;
  }

  @Override
  public CompletionStage<Optional<PlatformCredentials>> get() {
    CompletableFuture<Optional<PlatformCredentials>> done = loaded;
    if (done != null) {
      return done;
    }
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
            } else {
              loaded = CompletableFuture.completedFuture(Optional.of(ok));
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
