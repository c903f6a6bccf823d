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

class SubscriptionFilterTest {

  @ParameterizedTest(name = "{3}: ''{0}''")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "\"a/b\",              , \"a/b\",   4.8.1 a non-shared subscription",
        "\"#\",                , \"#\",     4.8.1 a non-shared wildcard",
        "\"$share\",           , \"$share\", [MQTT-4.8.2-1] $share without / is not shared",
        "\"$SHARE/g/a\",       , \"$SHARE/g/a\", [MQTT-4.8.2-1] the prefix is case-sensitive",
        "\"$share/g/a/b\",    g, \"a/b\",   [MQTT-4.8.2-1] $share/{group}/{filter}",
        "\"$share/g/#\",      g, \"#\",     [MQTT-4.8.2-2] the filter may be #",
        "\"$share/g/+/x\",    g, \"+/x\",   [MQTT-4.8.2-2] the filter may start with +",
        "\"$share/g/$SYS/#\", g, \"$SYS/#\", [MQTT-4.8.2-2] the filter may be a $ filter",
        "\"$share/g//\",      g, \"/\",     [MQTT-4.8.2-2] the filter may have empty levels",
        "\"$share/a$b/x\",  a$b, \"x\",     [MQTT-4.8.2-1] $ is allowed inside a share name",
      })
  void parsesValidSubscriptions(String value, String group, String filter, String rule) {
    SubscriptionFilter parsed = SubscriptionFilter.parse(value);
    assertThat(parsed.shareGroup()).isEqualTo(group);
    assertThat(parsed.isShared()).isEqualTo(group != null);
    assertThat(parsed.filter()).isEqualTo(TopicFilter.parse(filter));
    assertThat(parsed.value()).isEqualTo(value);
    assertThat(parsed).hasToString(value);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments("[MQTT-4.8.2-2] no / after the share name", "$share/g"),
        arguments("[MQTT-4.8.2-1] missing share name and filter", "$share/"),
        arguments("[MQTT-4.8.2-1] empty share name", "$share//a"),
        arguments("[MQTT-4.8.2-1] empty share name, # filter", "$share//#"),
        arguments("[MQTT-4.8.2-2] share name is +", "$share/+/a"),
        arguments("[MQTT-4.8.2-2] share name is #", "$share/#/a"),
        arguments("[MQTT-4.8.2-2] share name contains +", "$share/g+/a"),
        arguments("[MQTT-4.8.2-2] share name contains #", "$share/g#/a"),
        arguments("[MQTT-4.8.2-2] share name with no filter after /", "$share/g/"),
        arguments("[MQTT-4.7.1-1] invalid filter after the share name", "$share/g/a/#/b"),
        arguments("[MQTT-4.7.1-2] invalid + after the share name", "$share/g/a+"),
        arguments("[MQTT-4.7.3-2] NUL in the share name", "$share/g\u0000/a"),
        arguments("[MQTT-1.5.4-1] unpaired surrogate in the share name", "$share/\uD800/a"),
        arguments("[MQTT-4.7.3-1] empty non-shared filter", ""),
        arguments("[MQTT-4.7.3-3] non-shared, more than 65535 bytes", "x".repeat(65_536)),
        arguments(
            "[MQTT-4.7.3-3] shared, more than 65535 bytes in all",
            "$share/" + "g".repeat(40_000) + "/" + "f".repeat(30_000)),
        arguments(
            "4.7.3 too many levels after the share name", "$share/g/" + "+/".repeat(128) + "#"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsInvalidSubscriptions(String rule, String value) {
    assertThatThrownBy(() -> SubscriptionFilter.parse(value))
        .isInstanceOf(InvalidTopicException.class);
  }

  @Test
  void levelLimitAppliesToTheFilterNotTheSharePrefix() {
    // $share/{group}/ is not part of the filter, so its two levels do not count.
    SubscriptionFilter shared = SubscriptionFilter.parse("$share/g/a/b", 2);
    assertThat(shared.filter().levelCount()).isEqualTo(2);
    assertThatThrownBy(() -> SubscriptionFilter.parse("$share/g/a/b/c", 2))
        .isInstanceOf(InvalidTopicException.class);
  }

  @Test
  void equalityIsByGroupAndFilter() {
    assertThat(SubscriptionFilter.parse("$share/g/a"))
        .isEqualTo(SubscriptionFilter.parse("$share/g/a"))
        .isNotEqualTo(SubscriptionFilter.parse("$share/h/a"))
        .isNotEqualTo(SubscriptionFilter.parse("a"));
  }

  @Test
  void filterIsRequired() {
    assertThatThrownBy(() -> new SubscriptionFilter("g", null))
        .isInstanceOf(NullPointerException.class);
  }
}
