package io.aviary.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TopicFilterTest {

  @ParameterizedTest(name = "{3}: ''{0}'' levels={1} wildcard={2}")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "\"a\",       1, false, 4.7 literal filter",
        "\"a/b/c\",   3, false, 4.7 literal filter",
        "\"#\",       1, true,  [MQTT-4.7.1-1] # on its own",
        "\"a/#\",     2, true,  [MQTT-4.7.1-1] # after a separator",
        "\"/#\",      2, true,  [MQTT-4.7.1-1] # after a leading separator",
        "\"+\",       1, true,  [MQTT-4.7.1-2] + on its own",
        "\"+/+\",     2, true,  [MQTT-4.7.1-2] + in first and last level",
        "\"a/+/c\",   3, true,  [MQTT-4.7.1-2] + in a middle level",
        "\"+/#\",     2, true,  [MQTT-4.7.1-2] + followed by #",
        "\"a/+/\",    3, true,  [MQTT-4.7.1-2] + followed by an empty level",
        "\"/\",       2, false, 4.7.3 empty levels are allowed",
        "\"$SYS/#\",  2, true,  [MQTT-4.7.2-1] $ filters are valid",
        "\"$share\",  1, false, [MQTT-4.8.2-1] $share without / is an ordinary filter",
      })
  void parsesValidFilters(String value, int levels, boolean wildcard, String rule) {
    TopicFilter filter = TopicFilter.parse(value);
    assertThat(filter.value()).isEqualTo(value);
    assertThat(filter.levelCount()).isEqualTo(levels);
    assertThat(filter.hasWildcard()).isEqualTo(wildcard);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments("[MQTT-4.7.3-1] empty", ""),
        arguments("[MQTT-4.7.3-2] NUL character", "a/\u0000"),
        arguments("[MQTT-1.5.4-1] unpaired high surrogate", "+/\uD800"),
        arguments("[MQTT-1.5.4-1] unpaired low surrogate", "\uDC00/+"),
        arguments("[MQTT-4.7.1-1] # not last", "#/a"),
        arguments("[MQTT-4.7.1-1] # in the middle", "a/#/b"),
        arguments("[MQTT-4.7.1-1] # followed by an empty level", "a/#/"),
        arguments("[MQTT-4.7.1-1] # not after a separator", "a/b#"),
        arguments("[MQTT-4.7.1-1] # before text", "#a"),
        arguments("[MQTT-4.7.1-1] ## as a level", "##"),
        arguments("[MQTT-4.7.1-2] + before text", "+a"),
        arguments("[MQTT-4.7.1-2] + after text", "a+"),
        arguments("[MQTT-4.7.1-2] + inside a level", "a/b+c/d"),
        arguments("[MQTT-4.7.1-2] ++ as a level", "++"),
        arguments("[MQTT-4.7.1-2] +# as a level", "+#"),
        arguments("4.7.3 129 levels exceeds the default limit", TopicNameTest.levels(129)),
        arguments("4.7.3 129 + levels exceeds the default limit", "+/".repeat(128) + "+"),
        arguments("[MQTT-4.7.3-3] more than 65535 bytes", "x".repeat(65_535) + "/#"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsInvalidFilters(String rule, String value) {
    assertThatThrownBy(() -> TopicFilter.parse(value)).isInstanceOf(InvalidTopicException.class);
  }

  @Test
  void levelLimitIsConfigurable() {
    assertThat(TopicFilter.parse("a/+/#", 3).levelCount()).isEqualTo(3);
    assertThatThrownBy(() -> TopicFilter.parse("a/+/c/#", 3))
        .isInstanceOf(InvalidTopicException.class);
    assertThat(TopicFilter.parse(TopicNameTest.levels(128)).levelCount()).isEqualTo(128);
  }

  @ParameterizedTest(name = "{3}: ''{0}'' vs ''{1}'' -> {2}")
  @MethodSource("io.aviary.broker.topic.MatchCases#table")
  void matches(String filter, String topic, boolean expected, String rule) {
    assertThat(TopicFilter.parse(filter).matches(TopicName.parse(topic))).isEqualTo(expected);
  }

  @Test
  void equalityIsByValue() {
    assertThat(TopicFilter.parse("a/+"))
        .isEqualTo(TopicFilter.parse("a/+"))
        .hasSameHashCodeAs(TopicFilter.parse("a/+"))
        .isNotEqualTo(TopicFilter.parse("a/#"));
    assertThat(TopicFilter.parse("a/+")).hasToString("a/+");
  }
}
