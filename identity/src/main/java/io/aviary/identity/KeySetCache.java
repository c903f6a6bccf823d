package io.aviary.identity;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JWK Set of each IdP connection, fetched through discovery (whose {@code issuer} must be one
 * the connection trusts, VR-30) or from a configured JWKS URL, and kept per connection id.
 *
 * <ul>
 *   <li>Fresh for the response's {@code Cache-Control: max-age}, clamped to [{@code minTtl}, {@code
 *       maxTtl}], else {@code defaultTtl}; refreshed in the background once 80% of that has passed.
 *   <li>When a refresh fails the last good set keeps serving for up to {@code staleWhileError} past
 *       its expiry; with no good set the IdP is unreachable. A failed fetch is not retried within
 *       {@code refetchCooldown}.
 *   <li>An unknown {@code kid}, or a signature failing under a known one, triggers one
 *       single-flight refetch per connection per {@code refetchCooldown}; kids still unknown are
 *       remembered for the cooldown, so a flood of random kids costs the IdP at most one request
 *       per cooldown (VR-32).
 *   <li>Keys missing from a new response stay until the set they came from would have expired (an
 *       IdP behind a load balancer may answer with different subsets).
 *   <li>Only https URLs are fetched unless built with {@code allowInsecureHttp} (dev and tests).
 * </ul>
 *
 * <p>Once a set is cached, {@link #keys} completes at once on the calling thread without I/O.
 */
public final class KeySetCache {
  private static final System.Logger LOG = System.getLogger(KeySetCache.class.getName());
  private static final int MAX_REMEMBERED_UNKNOWN_KIDS = 4096;

  private final KeySource source;
  private final Clock clock;
  private final Duration staleWhileError;
  private final Duration refetchCooldown;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private KeySetCache(Builder builder) {
    this.clock = builder.clock;
    this.staleWhileError = builder.staleWhileError;
    this.refetchCooldown = builder.refetchCooldown;
    Fetcher fetcher =
        builder.fetcher != null
            ? builder.fetcher
            : new HttpFetcher(
                builder.connectTimeout, builder.readTimeout, builder.maxResponseBytes);
    this.source =
        new KeySource(
            fetcher,
            builder.allowInsecureHttp,
            builder.maxResponseBytes,
            builder.defaultTtl,
            builder.minTtl,
            builder.maxTtl);
  }

  /** A cache with the production defaults (https only, real clock, {@link HttpFetcher}). */
  public static KeySetCache create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The keys of {@code connection}: at once when cached and fresh (a background refresh may start),
   * else after a fetch. Fails with a sentence when the IdP cannot be reached and nothing usable is
   * cached.
   */
  public CompletableFuture<KeySet> keys(IdpConnection connection) {
    Entry entry = entry(connection);
    Instant now = clock.instant();
    CompletableFuture<KeySet> pending;
    synchronized (entry) {
      KeySet current = entry.keys;
      if (current != null && now.isBefore(entry.expiresAt)) {
        if (!now.isBefore(entry.refreshAt)
            && entry.inFlight == null
            && !inFailureBackoff(entry, now)) {
          startFetch(connection, entry, true);
        }
        return CompletableFuture.completedFuture(current);
      }
      if (inFailureBackoff(entry, now)) {
        return staleOrUnreachable(entry, now);
      }
      pending = entry.inFlight != null ? entry.inFlight : startFetch(connection, entry, true);
    }
    return pending
        .handle(
            (keys, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(keys);
              }
              synchronized (entry) {
                return staleOrUnreachable(entry, clock.instant());
              }
            })
        .thenCompose(future -> future);
  }

  /**
   * Refetches after a token named a {@code kid} the set lacks ({@code unknownKid}) or failed its
   * signature check under a known one: at most once per cooldown per connection, joined by
   * concurrent callers. Completes with the newest set, which may be the old one.
   */
  CompletableFuture<KeySet> refetch(IdpConnection connection, String kid, boolean unknownKid) {
    Entry entry = entry(connection);
    Instant now = clock.instant();
    String remembered = kid == null ? "" : kid;
    CompletableFuture<KeySet> pending;
    KeySet current;
    synchronized (entry) {
      current = entry.keys;
      Instant until = entry.unknownKids.get(remembered);
      if (unknownKid && until != null && now.isBefore(until)) {
        return currentOrUnreachable(entry);
      }
      if (entry.inFlight != null) {
        pending = entry.inFlight;
      } else if (entry.lastForcedFetch != null
          && now.isBefore(entry.lastForcedFetch.plus(refetchCooldown))) {
        if (unknownKid) {
          rememberUnknown(entry, remembered, now);
        }
        return currentOrUnreachable(entry);
      } else {
        entry.lastForcedFetch = now;
        pending = startFetch(connection, entry, false);
      }
    }
    return pending
        .handle(
            (keys, error) -> {
              synchronized (entry) {
                if (unknownKid && (entry.keys == null || entry.keys.byKid(kid).isEmpty())) {
                  rememberUnknown(entry, remembered, clock.instant());
                }
                return entry.keys != null ? entry.keys : current;
              }
            })
        .thenCompose(
            keys ->
                keys != null
                    ? CompletableFuture.completedFuture(keys)
                    : CompletableFuture.failedFuture(
                        new IdpUnreachableException(
                            "the keys of connection "
                                + connection.id()
                                + " could not be fetched")));
  }

  /** Forgets the connection's keys, e.g. after its configuration changed. */
  public void invalidate(String connectionId) {
    entries.remove(connectionId);
  }

  /** HTTP requests made so far (discovery and JWKS), for tests and metrics. */
  public long fetchCount() {
    return source.requests();
  }

  /** HTTP requests made for one connection since it was last (re)configured or invalidated. */
  public long fetchCount(String connectionId) {
    Entry entry = entries.get(connectionId);
    return entry == null ? 0 : entry.fetches.get();
  }

  /** The cached set, without fetching. */
  public Optional<KeySet> cached(String connectionId) {
    Entry entry = entries.get(connectionId);
    if (entry == null) {
      return Optional.empty();
    }
    synchronized (entry) {
      return Optional.ofNullable(entry.keys);
    }
  }

  /** The fetching policy, shared with {@link ConnectionProbe#like}. */
  KeySource source() {
    return source;
  }

  /**
   * The entry of {@code connection}, replaced when the settings its keys depend on changed. Runs on
   * every verification: the usual case is a plain lookup with no allocation and no bin lock.
   */
  private Entry entry(IdpConnection connection) {
    Entry existing = entries.get(connection.id());
    if (existing != null && existing.configuredFor(connection)) {
      return existing;
    }
    return entries.compute(
        connection.id(),
        (id, current) ->
            current != null && current.configuredFor(connection) ? current : new Entry(connection));
  }

  private boolean inFailureBackoff(Entry entry, Instant now) {
    return entry.lastFailureAt != null && now.isBefore(entry.lastFailureAt.plus(refetchCooldown));
  }

  /** Caller holds the entry's lock. */
  private CompletableFuture<KeySet> staleOrUnreachable(Entry entry, Instant now) {
    if (entry.keys != null && now.isBefore(entry.expiresAt.plus(staleWhileError))) {
      return CompletableFuture.completedFuture(entry.keys);
    }
    String why = entry.lastFailure != null ? entry.lastFailure : "no keys could be fetched";
    return CompletableFuture.failedFuture(new IdpUnreachableException(why));
  }

  /** Caller holds the entry's lock. */
  private static CompletableFuture<KeySet> currentOrUnreachable(Entry entry) {
    if (entry.keys != null) {
      return CompletableFuture.completedFuture(entry.keys);
    }
    return CompletableFuture.failedFuture(
        new IdpUnreachableException(
            entry.lastFailure != null ? entry.lastFailure : "no keys could be fetched"));
  }

  /** Remembers a kid the IdP does not have, for one cooldown. Caller holds the entry's lock. */
  private void rememberUnknown(Entry entry, String kid, Instant now) {
    if (entry.unknownKids.size() >= MAX_REMEMBERED_UNKNOWN_KIDS) {
      entry.unknownKids.values().removeIf(until -> !now.isBefore(until));
      if (entry.unknownKids.size() >= MAX_REMEMBERED_UNKNOWN_KIDS) {
        entry.unknownKids.clear();
      }
    }
    entry.unknownKids.put(kid, now.plus(refetchCooldown));
  }

  /**
   * Starts a fetch and marks it in flight. Caller holds the entry's lock; a fetcher that completes
   * synchronously re-enters it on the same thread, which is why the in-flight marker is set first.
   */
  private CompletableFuture<KeySet> startFetch(
      IdpConnection connection, Entry entry, boolean rediscover) {
    CompletableFuture<KeySet> promise = new CompletableFuture<>();
    entry.inFlight = promise;
    CompletableFuture<KeySource.Fetched> fetch;
    try {
      fetch = source.fetch(connection, entry.jwksUri, rediscover, entry.fetches);
    } catch (RuntimeException e) {
      fetch = CompletableFuture.failedFuture(e);
    }
    fetch.whenComplete(
        (fetched, error) -> {
          KeySet installed = null;
          String failure = null;
          synchronized (entry) {
            entry.inFlight = null;
            if (error == null) {
              installed = install(entry, fetched);
            } else {
              failure = KeySource.describe(error);
              entry.lastFailureAt = clock.instant();
              entry.lastFailure = failure;
            }
          }
          if (installed != null) {
            promise.complete(installed);
          } else {
            LOG.log(
                Level.WARNING,
                "Keys of IdP connection {0} could not be refreshed: {1}",
                connection.id(),
                failure);
            promise.completeExceptionally(new IdpUnreachableException(failure));
          }
        });
    return promise;
  }

  /** Merges a fetched set into the entry. Caller holds the entry's lock. */
  private KeySet install(Entry entry, KeySource.Fetched fetched) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(fetched.ttl());
    Map<String, Instant> retainUntil = new HashMap<>();
    Map<String, SigningKey> merged = new LinkedHashMap<>();
    for (SigningKey key : fetched.keys()) {
      merged.put(key.kid() == null ? "" : key.kid(), key);
      retainUntil.put(key.kid() == null ? "" : key.kid(), expiresAt);
    }
    if (entry.keys != null) {
      for (SigningKey old : entry.keys.keys()) {
        Instant until = entry.retainUntil.get(old.kid() == null ? "" : old.kid());
        if (old.kid() != null
            && !merged.containsKey(old.kid())
            && until != null
            && now.isBefore(until)) {
          merged.put(old.kid(), old);
          retainUntil.put(old.kid(), until);
        }
      }
    }
    List<SigningKey> keys = new ArrayList<>(merged.values());
    if (keys.size() > 1) {
      keys.removeIf(key -> key.kid() == null);
    }
    entry.keys = new KeySet(keys, now);
    entry.retainUntil = retainUntil;
    entry.expiresAt = expiresAt;
    entry.refreshAt = now.plus(fetched.ttl().multipliedBy(4).dividedBy(5));
    entry.jwksUri = fetched.jwksUri();
    entry.lastFailureAt = null;
    entry.lastFailure = null;
    entry.unknownKids.keySet().removeIf(kid -> merged.containsKey(kid));
    return entry.keys;
  }

  /** Mutable state of one connection; every field is guarded by the entry's own lock. */
  private static final class Entry {
    // What the keys depend on; a connection differing in any of these gets a fresh entry.
    final List<String> issuers;
    final URI discoveryUrl;
    final URI configuredJwksUrl;
    final String orgId;
    final AtomicLong fetches = new AtomicLong();
    final Map<String, Instant> unknownKids = new HashMap<>();
    KeySet keys;
    Map<String, Instant> retainUntil = Map.of();
    Instant expiresAt = Instant.MIN;
    Instant refreshAt = Instant.MIN;
    URI jwksUri;
    Instant lastFailureAt;
    String lastFailure;
    Instant lastForcedFetch;
    CompletableFuture<KeySet> inFlight;

    Entry(IdpConnection connection) {
      this.issuers = connection.issuers();
      this.discoveryUrl = connection.discoveryUrl();
      this.configuredJwksUrl = connection.jwksUrl();
      this.orgId = connection.orgId();
    }

    boolean configuredFor(IdpConnection connection) {
      return issuers.equals(connection.issuers())
          && sameText(discoveryUrl, connection.discoveryUrl())
          && sameText(configuredJwksUrl, connection.jwksUrl())
          && Objects.equals(orgId, connection.orgId());
    }

    /** URIs compared as written (URI.equals ignores the host's case); toString() is cached. */
    private static boolean sameText(URI a, URI b) {
      return a == null ? b == null : b != null && a.toString().equals(b.toString());
    }
  }

  /** Options for a {@link KeySetCache}; every one has a production default. */
  public static final class Builder {
    private Fetcher fetcher;
    private Clock clock = Clock.systemUTC();
    private boolean allowInsecureHttp;
    private Duration defaultTtl = Duration.ofHours(1);
    private Duration minTtl = Duration.ofMinutes(5);
    private Duration maxTtl = Duration.ofHours(24);
    private Duration staleWhileError = Duration.ofHours(24);
    private Duration refetchCooldown = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private int maxResponseBytes = 512 * 1024;

    private Builder() {}

    /** How to fetch; default {@link HttpFetcher} with the timeouts and size cap below. */
    public Builder fetcher(Fetcher value) {
      this.fetcher = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Also fetch plain http URLs: for local development and tests only. Default false. */
    public Builder allowInsecureHttp(boolean value) {
      this.allowInsecureHttp = value;
      return this;
    }

    /** Freshness when the response has no usable Cache-Control. Default 1 h. */
    public Builder defaultTtl(Duration value) {
      this.defaultTtl = value;
      return this;
    }

    /** Lower and upper clamp for Cache-Control max-age. Default 5 min and 24 h. */
    public Builder ttlBounds(Duration min, Duration max) {
      this.minTtl = min;
      this.maxTtl = max;
      return this;
    }

    /** How long past expiry a set keeps serving while refreshes fail. Default 24 h. */
    public Builder staleWhileError(Duration value) {
      this.staleWhileError = value;
      return this;
    }

    /** Least time between forced refetches, and between retries after a failure. Default 30 s. */
    public Builder refetchCooldown(Duration value) {
      this.refetchCooldown = value;
      return this;
    }

    /** Timeouts of the default fetcher. Default 5 s to connect, 10 s to answer. */
    public Builder timeouts(Duration connect, Duration read) {
      this.connectTimeout = connect;
      this.readTimeout = read;
      return this;
    }

    /** Largest discovery document or JWK Set accepted. Default 512 KiB. */
    public Builder maxResponseBytes(int value) {
      this.maxResponseBytes = value;
      return this;
    }

    public KeySetCache build() {
      return new KeySetCache(this);
    }
  }
}
