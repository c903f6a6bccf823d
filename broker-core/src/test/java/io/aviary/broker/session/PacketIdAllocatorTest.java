package io.aviary.broker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * [MQTT-2.2.1-4]: each new QoS &gt; 0 PUBLISH the server sends gets a non-zero packet id that is
 * currently unused (the client-side twin of this rule is [MQTT-2.2.1-3]).
 */
class PacketIdAllocatorTest {
  private static final int MAX = 65_535;

  private final PacketIdAllocator ids = new PacketIdAllocator();

  @Test
  void handsOutIdsInOrderStartingAtOne() {
    assertThat(ids.allocate()).isEqualTo(1);
    assertThat(ids.allocate()).isEqualTo(2);
    assertThat(ids.allocate()).isEqualTo(3);
    assertThat(ids.inUseCount()).isEqualTo(3);
    assertThat(ids.isInUse(2)).isTrue();
    assertThat(ids.isInUse(4)).isFalse();
  }

  @Test
  void allSixtyFiveThousandIdsAreDistinctThenZero() {
    // [MQTT-2.2.1-4] never an id in use, never 0 while one is free.
    BitSet seen = new BitSet();
    for (int i = 0; i < MAX; i++) {
      int id = ids.allocate();
      assertThat(id).isBetween(1, MAX);
      assertThat(seen.get(id)).as("id %d handed out twice", id).isFalse();
      seen.set(id);
    }
    assertThat(ids.inUseCount()).isEqualTo(MAX);
    assertThat(ids.allocate()).as("all in use").isZero();
    assertThat(ids.allocate()).as("still all in use").isZero();
    assertThat(ids.inUseCount()).isEqualTo(MAX);
  }

  @Test
  void wrapsFrom65535BackToOne() {
    for (int i = 0; i < MAX; i++) {
      ids.allocate();
    }
    ids.release(3);
    ids.release(7);
    ids.release(MAX);
    assertThat(ids.allocate()).isEqualTo(3); // last was 65535: search wraps to 1
    assertThat(ids.allocate()).isEqualTo(7);
    assertThat(ids.allocate()).isEqualTo(MAX);
    assertThat(ids.allocate()).isZero();
  }

  @Test
  void wrapsPastTheTopWhenOnlyLowIdsAreFree() {
    for (int i = 0; i < MAX - 1; i++) {
      ids.allocate(); // 1..65534
    }
    ids.release(1);
    assertThat(ids.allocate()).isEqualTo(MAX);
    assertThat(ids.allocate()).isEqualTo(1);
  }

  @Test
  void releasedIdsAreReusedOnlyAfterTheOthers() {
    int a = ids.allocate();
    int b = ids.allocate();
    ids.allocate();
    ids.release(b);
    assertThat(ids.isInUse(b)).isFalse();
    // The search continues after the last id given out, so a just-released id is not reused at
    // once (a late acknowledgement for it cannot be confused with a new message).
    assertThat(ids.allocate()).isEqualTo(4);
    ids.release(a);
    assertThat(ids.inUseCount()).isEqualTo(2);
    assertThat(ids.allocate()).isEqualTo(5);
  }

  @Test
  void releaseOfAFreeIdIsANoOp() {
    ids.allocate();
    ids.release(10);
    ids.release(1);
    ids.release(1);
    assertThat(ids.inUseCount()).isZero();
  }

  @Test
  void claimedIdsAreSkipped() {
    ids.claim(1);
    ids.claim(2);
    ids.claim(2);
    assertThat(ids.inUseCount()).isEqualTo(2);
    assertThat(ids.allocate()).isEqualTo(3);
    ids.release(2);
    assertThat(ids.inUseCount()).isEqualTo(2);
  }

  @ParameterizedTest(name = "id {0} is out of range")
  @ValueSource(ints = {0, -1, 65_536, Integer.MAX_VALUE})
  void outOfRangeIdsAreRejected(int id) {
    assertThatThrownBy(() -> ids.release(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ids.claim(id)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ids.isInUse(id)).isFalse();
  }

  @Test
  void randomAllocateAndReleaseNeverCollide() {
    Random random = new Random(11);
    BitSet model = new BitSet();
    int[] held = new int[MAX];
    int count = 0;
    for (int i = 0; i < 200_000; i++) {
      if (count == 0 || random.nextInt(100) < 55) {
        int id = ids.allocate();
        assertThat(id).isBetween(1, MAX);
        assertThat(model.get(id)).as("id %d in use", id).isFalse();
        model.set(id);
        held[count++] = id;
      } else {
        int at = random.nextInt(count);
        int id = held[at];
        held[at] = held[--count];
        model.clear(id);
        ids.release(id);
      }
      assertThat(ids.inUseCount()).isEqualTo(count);
    }
  }
}
