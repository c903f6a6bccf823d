package io.aviary.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.acl.Decision;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.audit.event.AuditRecord.AclDecided.Action;
import io.aviary.audit.event.AuditRecord.AclDecided.Verdict;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VerdictRecordingTest {

  private static AclDecided verdict(Action action, Verdict verdict) {
    return new AclDecided(
        EventIds.next(),
        "acme",
        "broker-1",
        Samples.MILLIS,
        "c",
        "p",
        action,
        "t",
        0,
        false,
        verdict,
        "default",
        Decision.Reason.DEFAULT,
        1,
        false);
  }

  @ParameterizedTest
  @EnumSource(VerdictRecording.class)
  void denialsAuthFailuresLifecycleAndTenantEventsAreAlwaysKept(VerdictRecording setting) {
    for (AuditRecord record : Samples.all()) {
      boolean allowedPublish =
          record instanceof AclDecided v
              && VerdictRecording.isAllowedPublish(v.action(), v.verdict());
      if (!allowedPublish) {
        assertThat(setting.keeps(record, 0.0)).as(record.type().code()).isTrue();
      }
    }
    for (Action action : Action.values()) {
      assertThat(setting.keeps(verdict(action, Verdict.DENY), 0.0)).isTrue();
    }
    assertThat(setting.keeps(verdict(Action.SUBSCRIBE, Verdict.ALLOW), 0.0)).isTrue();
    assertThat(setting.keeps(verdict(Action.WILL, Verdict.ALLOW), 0.0)).isTrue();
  }

  @Test
  void allowedPublishesFollowTheSetting() {
    AclDecided allowed = verdict(Action.PUBLISH, Verdict.ALLOW);

    assertThat(VerdictRecording.ALL.keeps(allowed, 0.0)).isTrue();
    assertThat(VerdictRecording.NONE.keeps(allowed, 1.0)).isFalse();
    assertThat(VerdictRecording.SAMPLED.keeps(allowed, 1.0)).isTrue();
    assertThat(VerdictRecording.SAMPLED.keeps(allowed, 0.0)).isFalse();
  }

  @Test
  void samplerIsDeterministicAndKeepsAboutTheRate() {
    long kept =
        IntStream.range(0, 100_000)
            .mapToObj(i -> EventIds.next())
            .filter(id -> VerdictRecording.shouldRecord(id, 0.1))
            .count();
    UUID id = EventIds.next();
    boolean first = VerdictRecording.shouldRecord(id, 0.5);

    assertThat(kept).isBetween(9_000L, 11_000L);
    assertThat(IntStream.range(0, 100).mapToObj(i -> VerdictRecording.shouldRecord(id, 0.5)))
        .containsOnly(first);
  }

  @Test
  void sampleRateOutsideZeroToOneIsABug() {
    assertThatThrownBy(() -> VerdictRecording.shouldRecord(1L, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VerdictRecording.shouldRecord(1L, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
