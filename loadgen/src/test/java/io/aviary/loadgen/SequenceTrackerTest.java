package io.aviary.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

  private static void recordAll(SequenceTracker tracker, long firstExpected, long... seqs) {
    for (long seq : seqs) {
      tracker.record(seq, firstExpected);
    }
  }

  @Test
  void inOrderStreamHasNoLossDuplicatesOrReordering() {
    SequenceTracker tracker = new SequenceTracker();
    for (long seq = 0; seq < 1000; seq++) {
      assertThat(tracker.record(seq, 0)).isTrue();
    }
    assertThat(tracker.unique()).isEqualTo(1000);
    assertThat(tracker.lost(1000)).isZero();
    assertThat(tracker.duplicates()).isZero();
    assertThat(tracker.outOfOrder()).isZero();
    assertThat(tracker.openGaps()).isZero();
    assertThat(tracker.isExact()).isTrue();
  }

  @Test
  void gapsCountAsLoss() {
    SequenceTracker tracker = new SequenceTracker();
    recordAll(tracker, 0, 0, 1, 2, 5, 6, 9);
    assertThat(tracker.unique()).isEqualTo(6);
    assertThat(tracker.lost(10)).isEqualTo(4); // 3, 4, 7, 8
    assertThat(tracker.openGaps()).isEqualTo(2);
    assertThat(tracker.duplicates()).isZero();
    assertThat(tracker.outOfOrder()).isZero();
  }

  @Test
  void lossBeforeTheFirstArrivalAndAfterTheLastCounts() {
    SequenceTracker tracker = new SequenceTracker();
    // The stream starts at 100: 100 and 101 are lost, then 102..104 arrive, 105..109 are lost.
    recordAll(tracker, 100, 102, 103, 104);
    assertThat(tracker.lost(10)).isEqualTo(7);
  }

  @Test
  void duplicatesAreCountedOnceAndNotAsReceived() {
    SequenceTracker tracker = new SequenceTracker();
    recordAll(tracker, 0, 0, 1, 1, 2, 0, 2);
    assertThat(tracker.unique()).isEqualTo(3);
    assertThat(tracker.duplicates()).isEqualTo(3);
    assertThat(tracker.lost(3)).isZero();
  }

  @Test
  void lateArrivalFillsGapAndCountsOutOfOrder() {
    SequenceTracker tracker = new SequenceTracker();
    recordAll(tracker, 0, 0, 1, 4, 2, 5, 3);
    assertThat(tracker.unique()).isEqualTo(6);
    assertThat(tracker.outOfOrder()).isEqualTo(2);
    assertThat(tracker.duplicates()).isZero();
    assertThat(tracker.lost(6)).isZero();
    assertThat(tracker.openGaps()).isZero();
  }

  @Test
  void lateArrivalInTheMiddleOfAGapSplitsIt() {
    SequenceTracker tracker = new SequenceTracker();
    recordAll(tracker, 0, 0, 10, 5);
    assertThat(tracker.openGaps()).isEqualTo(2); // 1..4 and 6..9
    assertThat(tracker.record(5, 0)).isFalse(); // now a duplicate
    assertThat(tracker.record(1, 0)).isTrue();
    assertThat(tracker.record(9, 0)).isTrue();
    assertThat(tracker.unique()).isEqualTo(5);
    assertThat(tracker.duplicates()).isEqualTo(1);
    assertThat(tracker.outOfOrder()).isEqualTo(3);
    assertThat(tracker.lost(11)).isEqualTo(6);
  }

  @Test
  void unknownStartUsesTheFirstArrival() {
    SequenceTracker tracker = new SequenceTracker();
    recordAll(tracker, -1, 7, 8, 9);
    assertThat(tracker.unique()).isEqualTo(3);
    assertThat(tracker.lost(3)).isZero();
  }

  @Test
  void tooManyGapsMakeTheCountInexact() {
    SequenceTracker tracker = new SequenceTracker(2);
    recordAll(tracker, 0, 0, 2, 4, 6); // gaps at 1, 3, 5: the oldest (1) is forgotten
    assertThat(tracker.isExact()).isFalse();
    assertThat(tracker.openGaps()).isEqualTo(2);
    assertThat(tracker.record(1, 0)).isFalse(); // cannot tell a late 1 from a duplicate any more
    assertThat(tracker.record(3, 0)).isTrue();
  }
}
