package io.aviary.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopicNameTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        arguments("4.7.3 one level", "a", 1),
        arguments("4.7.3 two levels", "a/b", 2),
        arguments("4.7.3 a lone / is two empty levels", "/", 2),
        arguments("4.7.3 leading / gives an empty first level", "/a", 2),
        arguments("4.7.3 trailing / gives an empty last level", "a/", 2),
        arguments("4.7.3 empty middle level", "a//b", 3),
        arguments("4.7.3 space is allowed", " ", 1),
        arguments("[MQTT-4.7.2-1] $ topics are valid names", "$SYS/broker/load", 3),
        arguments("[MQTT-1.5.4-1] paired surrogates are well-formed", "\uD83D\uDE00/x", 2),
        arguments("[MQTT-1.5.4-3] U+FEFF is kept, not stripped", "\uFEFFa", 1),
        arguments("[MQTT-1.5.4-1] U+FFFD is a well-formed character", "a/\uFFFD", 2),
        arguments("4.7.3 non-ASCII", "caf\u00e9/\u4e2d\u6587", 2),
        arguments("4.7.3 128 levels is the default limit", levels(128), 128),
        arguments("[MQTT-4.7.3-3] exactly 65535 bytes", ascii(65_535), 1),
        arguments(
            "[MQTT-4.7.3-3] 65535 bytes with 4-byte characters",
            "\uD83D\uDE00".repeat(16_383) + "abc",
            1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parsesValidNames(String rule, String value, int levels) {
    TopicName name = TopicName.parse(value);
    assertThat(name.value()).isEqualTo(value);
    assertThat(name.levelCount()).isEqualTo(levels);
    assertThat(name.toString()).isEqualTo(value);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments("[MQTT-4.7.3-1] empty", ""),
        arguments("[MQTT-4.7.3-2] NUL character", "a\u0000b"),
        arguments("[MQTT-4.7.3-2] NUL only", "\u0000"),
        arguments("[MQTT-1.5.4-1] unpaired high surrogate", "a\uD800"),
        arguments("[MQTT-1.5.4-1] unpaired high surrogate mid-string", "a\uD800b"),
        arguments("[MQTT-1.5.4-1] unpaired low surrogate", "\uDC00a"),
        arguments("[MQTT-1.5.4-1] surrogates in the wrong order", "\uDE00\uD83D"),
        arguments("[MQTT-4.7.0-1] + in a topic name", "+"),
        arguments("[MQTT-4.7.0-1] # in a topic name", "#"),
        arguments("[MQTT-4.7.0-1] + as a level", "a/+/c"),
        arguments("[MQTT-4.7.0-1] # as last level", "a/#"),
        arguments("[MQTT-4.7.0-1] + inside a level", "a+b"),
        arguments("[MQTT-4.7.0-1] # inside a level", "a/b#"),
        arguments("4.7.3 129 levels exceeds the default limit", levels(129)),
        arguments("[MQTT-4.7.3-3] 65536 ASCII bytes", ascii(65_536)),
        arguments("[MQTT-4.7.3-3] 65536 bytes of 2-byte characters", "\u00e9".repeat(32_768)),
        arguments(
            "[MQTT-4.7.3-3] 65536 bytes of 4-byte characters", "\uD83D\uDE00".repeat(16_384)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsInvalidNames(String rule, String value) {
    assertThatThrownBy(() -> TopicName.parse(value)).isInstanceOf(InvalidTopicException.class);
  }

  @Test
  void byteLimitCountsUtf8BytesNotChars() {
    // 21845 three-byte characters = 65535 bytes, just allowed [MQTT-4.7.3-3].
    String atLimit = "\u4e2d".repeat(21_845);
    assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(65_535);
    assertThat(TopicName.parse(atLimit).value()).isEqualTo(atLimit);
    assertThatThrownBy(() -> TopicName.parse(atLimit + "a"))
        .isInstanceOf(InvalidTopicException.class)
        .hasMessageContaining("65535");
  }

  @Test
  void levelLimitIsConfigurable() {
    assertThat(TopicName.parse("a/b/c", 3).levelCount()).isEqualTo(3);
    assertThatThrownBy(() -> TopicName.parse("a/b/c/d", 3))
        .isInstanceOf(InvalidTopicException.class)
        .hasMessageContaining("3 levels");
  }

  @Test
  void levelsAreSplitOnSlashKeepingEmptyLevels() {
    TopicName name = TopicName.parse("/a//b/");
    assertThat(name.levelCount()).isEqualTo(5);
    assertThat(name.level(0)).isEmpty();
    assertThat(name.level(1)).isEqualTo("a");
    assertThat(name.level(2)).isEmpty();
    assertThat(name.level(3)).isEqualTo("b");
    assertThat(name.level(4)).isEmpty();
  }

  @Test
  void systemTopicsStartWithDollar() {
    // [MQTT-4.7.2-1]
    assertThat(TopicName.parse("$SYS/x").isSystem()).isTrue();
    assertThat(TopicName.parse("$").isSystem()).isTrue();
    assertThat(TopicName.parse("a/$SYS").isSystem()).isFalse();
    assertThat(TopicName.parse("/$SYS").isSystem()).isFalse();
  }

  @Test
  void equalityIsByValue() {
    assertThat(TopicName.parse("a/b"))
        .isEqualTo(TopicName.parse("a/b"))
        .hasSameHashCodeAs(TopicName.parse("a/b"))
        .isNotEqualTo(TopicName.parse("a/b/"));
  }

  static String levels(int count) {
    return String.join("/", java.util.Collections.nCopies(count, "l"));
  }

  static String ascii(int bytes) {
    return "x".repeat(bytes);
  }
}
