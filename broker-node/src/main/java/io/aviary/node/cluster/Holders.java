package io.aviary.node.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's entries in the cluster's session registry, and its claims whose session is not open
 * yet.
 *
 * <p>An entry names the node and the claim that wrote it, {@code node/claim}, the claims numbered
 * in the order this node makes them. A node that takes a session over tells the holder which entry
 * it replaced; the holder hands over only once every claim of its up to that one has opened its
 * session. Without that, two connections with one client id reaching two nodes at once would each
 * find the other's session not open yet, and both would stay connected. A holder never waits for a
 * claim made after the requester's, so waits follow the registry's order and cannot go round in a
 * circle.
 */
final class Holders {
  /** How long a takeover waits for a session to open; below the takeover request's timeout. */
  static final long MAX_WAIT_MILLIS = 4_000;

  private final String nodeId;
  private final AtomicLong claims = new AtomicLong();
  private final ConcurrentHashMap<String, List<Opening>> opening = new ConcurrentHashMap<>();

  /** The entry this node last wrote for each session key it holds. */
  private final ConcurrentHashMap<String, String> written = new ConcurrentHashMap<>();

  private record Opening(long claim, CompletableFuture<Void> settled) {}

  Holders(String nodeId) {
    this.nodeId = nodeId;
  }

  /** The node an entry names. */
  static String node(String entry) {
    return entry.substring(0, entry.lastIndexOf('/'));
  }

  /** What a registry query for the entries of {@code node} matches ({@code like}). */
  static String entriesOf(String node) {
    return node + "/%";
  }

  /**
   * A new claim of {@code key}, opening until {@code opened} completes; returns the entry to write.
   */
  String claim(String key, CompletionStage<Void> opened) {
    long claim = claims.incrementAndGet();
    CompletableFuture<Void> settled = new CompletableFuture<>();
    Opening o = new Opening(claim, settled);
    opening.compute(
        key,
        (k, list) -> {
          List<Opening> l = list == null ? new ArrayList<>() : list;
          l.add(o);
          return l;
        });
    // A connection that never opens its session must not hold takeovers up for good.
    settled.completeOnTimeout(null, MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    opened.whenComplete((x, e) -> settled.complete(null));
    settled.thenRun(
        () ->
            opening.computeIfPresent(
                key,
                (k, list) -> {
                  list.remove(o);
                  return list.isEmpty() ? null : list;
                }));
    return wrote(key, nodeId + "/" + claim);
  }

  /** A new entry for a session this node takes without a connection (a lost node's). */
  String adopt(String key) {
    return wrote(key, nodeId + "/" + claims.incrementAndGet());
  }

  private String wrote(String key, String entry) {
    written.put(key, entry);
    return entry;
  }

  /** The entry this node last wrote for {@code key}, or null. */
  String entry(String key) {
    return written.get(key);
  }

  /**
   * The entry to remove now that this node's session of {@code key} ended, or null: none was
   * written, or a newer claim of this node is opening the session again and keeps the entry.
   */
  String released(String key) {
    return opening.containsKey(key) ? null : written.remove(key);
  }

  /**
   * Completes once every claim of {@code key} this node made up to the one {@code replaced} names
   * has opened its session (or given up), so that a takeover hands over what they opened.
   */
  CompletionStage<Void> opened(String key, String replaced) {
    if (replaced == null || !node(replaced).equals(nodeId)) {
      return CompletableFuture.completedFuture(null);
    }
    long upTo = claimOf(replaced);
    List<CompletableFuture<Void>> earlier = new ArrayList<>();
    opening.computeIfPresent(
        key,
        (k, list) -> {
          for (Opening o : list) {
            if (o.claim() <= upTo) {
              earlier.add(o.settled());
            }
          }
          return list;
        });
    return CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new));
  }

  private static long claimOf(String entry) {
    return Long.parseLong(entry.substring(entry.lastIndexOf('/') + 1));
  }
}
