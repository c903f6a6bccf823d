package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Caches per-organization data (configurations, ACL policies) so that connecting costs no call to
 * the source once an organization is known. One fetch per organization at a time (concurrent
 * CONNECTs share it); unknown organizations are remembered briefly so a flood of made-up ids cannot
 * hammer the source; when the source is unreachable a configuration that was good recently keeps
 * being served for a bounded time. Change events {@link #invalidate} an organization at once.
 */
public final class CachingOrgDirectory<V> implements OrgDirectory<V> {
  private static final Logger LOG = Logger.getLogger(CachingOrgDirectory.class);

  private record Entry<V>(Optional<V> value, long fetchedAt) {}

  private final OrgSource<V> source;
  private final long ttlNanos;
  private final long unknownTtlNanos;
  private final long staleNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<OrgId, Entry<V>> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<OrgId, CompletableFuture<Optional<V>>> fetching =
      new ConcurrentHashMap<>();
  private final AtomicLong invalidations = new AtomicLong();

  /**
   * @param ttl how long a configuration is used before it is fetched again
   * @param unknownTtl how long "no such organization" is remembered
   * @param stale how long past its TTL a configuration is still served while the source fails
   */
  public CachingOrgDirectory(
      OrgSource<V> source,
      Duration ttl,
      Duration unknownTtl,
      Duration stale,
      LongSupplier nanoClock) {
    this.source = source;
    this.ttlNanos = ttl.toNanos();
    this.unknownTtlNanos = unknownTtl.toNanos();
    this.staleNanos = stale.toNanos();
    this.nanoClock = nanoClock;
  }

  public CachingOrgDirectory(OrgSource<V> source, Duration ttl) {
    this(source, ttl, Duration.ofSeconds(5), Duration.ofMinutes(10), System::nanoTime);
  }

  @Override
  public CompletionStage<Optional<V>> find(OrgId org) {
    Entry<V> cached = cache.get(org);
    long now = nanoClock.getAsLong();
    if (cached != null
        && now - cached.fetchedAt() < (cached.value().isPresent() ? ttlNanos : unknownTtlNanos)) {
      return CompletableFuture.completedFuture(cached.value());
    }
    CompletableFuture<Optional<V>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<V>> running = fetching.putIfAbsent(org, mine);
    if (running != null) {
      return running;
    }
    long generation = invalidations.get();
    CompletionStage<Optional<V>> fetched;
    try {
      fetched = source.fetch(org);
    } catch (RuntimeException e) {
      fetched = CompletableFuture.failedFuture(e);
    }
    fetched.whenComplete(
        (value, error) -> {
          fetching.remove(org, mine);
          if (error == null) {
            // A change event during the fetch may make this answer old: use it, do not keep it.
            if (generation == invalidations.get()) {
              cache.put(org, new Entry<>(value, nanoClock.getAsLong()));
            }
            mine.complete(value);
            return;
          }
          Entry<V> last = cache.get(org);
          if (last != null
              && last.value().isPresent()
              && nanoClock.getAsLong() - last.fetchedAt() < ttlNanos + staleNanos) {
            LOG.warnf("source unreachable (%s); serving %s's cached copy", error.getMessage(), org);
            mine.complete(last.value());
            return;
          }
          mine.completeExceptionally(
              new DirectoryUnavailableException("cannot load organization " + org, error));
        });
    return mine;
  }

  @Override
  public Optional<V> cached(OrgId org) {
    Entry<V> entry = cache.get(org);
    return entry == null ? Optional.empty() : entry.value();
  }

  @Override
  public void invalidate(OrgId org) {
    invalidations.incrementAndGet();
    cache.remove(org);
  }
}
