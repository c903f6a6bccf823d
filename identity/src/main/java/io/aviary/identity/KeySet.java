package io.aviary.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verification keys of one connection at one moment: an immutable snapshot that the cache swaps
 * as a whole.
 *
 * @param keys the usable keys, at most one per kid
 * @param fetchedAt when the newest keys in it were fetched
 */
public record KeySet(List<SigningKey> keys, Instant fetchedAt) {
  public KeySet {
    keys = List.copyOf(keys);
  }

  /** The key with id {@code kid}. */
  public Optional<SigningKey> byKid(String kid) {
    for (SigningKey key : keys) {
      if (Objects.equals(key.kid(), kid)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** The ids of the keys, in set order. */
  public List<String> kids() {
    return keys.stream().map(key -> key.kid() == null ? "" : key.kid()).toList();
  }

  public int size() {
    return keys.size();
  }
}
