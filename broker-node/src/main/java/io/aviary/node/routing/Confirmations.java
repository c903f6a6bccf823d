package io.aviary.node.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What one PUBLISH waits for before its PUBACK or PUBREC: the other nodes it was forwarded to, and
 * the cluster's retained map. On a single node it stays empty and nothing waits. A connection
 * reuses one, on its own loop.
 */
public final class Confirmations {
  /** Made on the first stage to wait for, which a single node never has. */
  private List<CompletionStage<Void>> pending;

  public void reset() {
    if (pending != null) {
      pending.clear();
    }
  }

  /** Adds a stage to wait for; null is nothing to wait for. */
  public void add(CompletionStage<Void> stage) {
    if (stage != null) {
      if (pending == null) {
        pending = new ArrayList<>(2);
      }
      pending.add(stage);
    }
  }

  /**
   * Completes once every stage has, failed if any failed; null when there is nothing to wait for.
   */
  public CompletionStage<Void> all() {
    if (pending == null) {
      return null;
    }
    return switch (pending.size()) {
      case 0 -> null;
      case 1 -> pending.get(0);
      default ->
          CompletableFuture.allOf(
              pending.stream()
                  .map(CompletionStage::toCompletableFuture)
                  .toArray(CompletableFuture[]::new));
    };
  }
}
