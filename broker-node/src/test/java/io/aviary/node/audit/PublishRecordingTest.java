package io.aviary.node.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.audit.event.VerdictRecording;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PublishRecordingTest {

  private static long kept(PublishRecording recording, int publishes) {
    return IntStream.range(0, publishes).filter(i -> recording.recordsNext()).count();
  }

  @Test
  void allKeepsEveryPublishAndNoneKeepsNoPublish() {
    assertThat(kept(PublishRecording.parse("all", 0), 1000)).isEqualTo(1000);
    assertThat(kept(PublishRecording.parse("none", 1), 1000)).isZero();
    assertThat(PublishRecording.parse("all", 0).sampled()).isFalse();
  }

  @Test
  void sampledKeepsAboutItsRateAndMarksWhatItKeeps() {
    PublishRecording tenth = PublishRecording.parse("SAMPLED", 0.1);
    // 100,000 draws at p = 0.1: the standard deviation is about 95, so 10 % ± 1,000 cannot flake.
    assertThat(kept(tenth, 100_000)).isBetween(9_000L, 11_000L);
    assertThat(tenth.sampled()).isTrue();
    assertThat(kept(PublishRecording.parse("sampled", 0), 10_000)).isZero();
    assertThat(kept(PublishRecording.parse("sampled", 1), 10_000)).isEqualTo(10_000);
  }

  @Test
  void parseNamesBothFieldsWhenEitherIsWrong() {
    assertThat(PublishRecording.parse("Sampled", 0.5))
        .isEqualTo(new PublishRecording(VerdictRecording.SAMPLED, 0.5));
    assertThatThrownBy(() -> PublishRecording.parse("some", 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed_publishes must be all, sampled or none")
        .hasMessageContaining("got some and 0.5");
    assertThatThrownBy(() -> PublishRecording.parse("all", 1.5))
        .hasMessageContaining("sample_rate from 0 to 1");
    assertThatThrownBy(() -> PublishRecording.parse(null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
