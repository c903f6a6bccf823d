package io.aviary.broker.topic;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The topic matching table shared by the {@link TopicFilter#matches} tests and the subscription
 * index and retained store tests, so every matcher is held to the same answers: filter, topic,
 * whether it matches, and the rule (MQTT 5 normative id where there is one, else the spec section).
 */
public final class MatchCases {
  private MatchCases() {}

  public static Stream<Arguments> table() {
    return Stream.of(
        // '#' [MQTT-4.7.1-1]: any number of levels, including zero, and empty levels.
        arguments("#", "a", true, "[MQTT-4.7.1-1] # matches a single level"),
        arguments("#", "a/", true, "[MQTT-4.7.1-1] # matches a trailing empty level"),
        arguments("#", "/a", true, "[MQTT-4.7.1-1] # matches a leading empty level"),
        arguments("#", "/", true, "[MQTT-4.7.1-1] # matches two empty levels"),
        arguments("#", "a/b/c", true, "[MQTT-4.7.1-1] # matches many levels"),
        arguments("a/#", "a", true, "[MQTT-4.7.1-1] a/# matches its parent a (4.7.1.2)"),
        arguments("a/#", "a/", true, "[MQTT-4.7.1-1] a/# matches a/"),
        arguments("a/#", "a/b", true, "[MQTT-4.7.1-1] a/# matches a child"),
        arguments("a/#", "a/b/c", true, "[MQTT-4.7.1-1] a/# matches a grandchild"),
        arguments("a/#", "ab", false, "[MQTT-4.7.1-1] a/# is level-wise, not a prefix"),
        arguments("a/#", "b/a", false, "[MQTT-4.7.1-1] a/# does not match b/a"),
        arguments("a/b/#", "a", false, "[MQTT-4.7.1-1] a/b/# does not match a"),
        arguments(
            "sport/tennis/player1/#",
            "sport/tennis/player1",
            true,
            "[MQTT-4.7.1-1] spec example: parent"),
        arguments(
            "sport/tennis/player1/#",
            "sport/tennis/player1/score/wimbledon",
            true,
            "[MQTT-4.7.1-1] spec example: descendant"),
        // '+' [MQTT-4.7.1-2]: exactly one level, possibly empty.
        arguments("+", "a", true, "[MQTT-4.7.1-2] + matches one level"),
        arguments("+", "/", false, "[MQTT-4.7.1-2] + does not match two levels"),
        arguments("+", "/x", false, "[MQTT-4.7.1-2] spec example: + vs /finance"),
        arguments("+/+", "/x", true, "[MQTT-4.7.1-2] spec example: +/+ vs /finance"),
        arguments("/+", "/x", true, "[MQTT-4.7.1-2] spec example: /+ vs /finance"),
        arguments("+/+", "/", true, "[MQTT-4.7.1-2] + matches empty levels"),
        arguments("+/+", "x/", true, "[MQTT-4.7.1-2] + matches a trailing empty level"),
        arguments("+/+", "x", false, "[MQTT-4.7.1-2] +/+ needs two levels"),
        arguments("a/+", "a/", true, "[MQTT-4.7.1-2] spec example: sport/+ matches sport/"),
        arguments("a/+", "a", false, "[MQTT-4.7.1-2] spec example: sport/+ not sport"),
        arguments("a/+", "a/b/c", false, "[MQTT-4.7.1-2] + does not span levels"),
        arguments("a/+/c", "a/b/c", true, "[MQTT-4.7.1-2] + in the middle"),
        arguments("a/+/c", "a//c", true, "[MQTT-4.7.1-2] + matches an empty middle level"),
        arguments("a/+/c", "a/b/d", false, "[MQTT-4.7.1-2] literal after + must match"),
        arguments("+/#", "a", true, "[MQTT-4.7.1-1] +/# matches one level (# is the parent)"),
        arguments("+/+/#", "a", false, "[MQTT-4.7.1-2] +/+/# needs two levels"),
        arguments("a/+/#", "a", false, "[MQTT-4.7.1-2] a/+/# needs a level under a"),
        arguments("a/+/#", "a/b", true, "[MQTT-4.7.1-1] a/+/# matches a/b"),
        arguments("a/+/#", "a/b/c/d", true, "[MQTT-4.7.1-1] a/+/# matches deeper"),
        // Literal levels: exact, case-sensitive, no normalisation [MQTT-4.7.3-4].
        arguments("a/b", "a/b", true, "4.7 literal filter matches itself"),
        arguments("a/b", "a/B", false, "4.7.3 topic levels are case-sensitive"),
        arguments("a/b", "a/b/", false, "4.7.3 a trailing / is another level"),
        arguments("a", "a/", false, "4.7.3 a trailing / is another level"),
        arguments("/a", "a", false, "4.7.3 a leading / is another level"),
        arguments("a b", "a b", true, "4.7.3 spaces are ordinary characters"),
        arguments("\u00e9", "e\u0301", false, "[MQTT-4.7.3-4] no Unicode normalisation"),
        arguments("caf\u00e9/+", "caf\u00e9/x", true, "4.7.3 non-ASCII literal level"),
        arguments("\uD83D\uDE00/#", "\uD83D\uDE00/x", true, "4.7.3 supplementary character"),
        // '$' topics [MQTT-4.7.2-1].
        arguments("#", "$SYS/x", false, "[MQTT-4.7.2-1] # does not match $SYS/x"),
        arguments("#", "$SYS", false, "[MQTT-4.7.2-1] # does not match $SYS"),
        arguments("+/x", "$SYS/x", false, "[MQTT-4.7.2-1] +/x does not match $SYS/x"),
        arguments("+", "$SYS", false, "[MQTT-4.7.2-1] + does not match $SYS"),
        arguments("+/#", "$SYS/x", false, "[MQTT-4.7.2-1] +/# does not match $SYS/x"),
        arguments("#", "$", false, "[MQTT-4.7.2-1] # does not match $"),
        arguments("$SYS/#", "$SYS/x", true, "[MQTT-4.7.2-1] $SYS/# matches $SYS/x"),
        arguments("$SYS/#", "$SYS", true, "[MQTT-4.7.2-1] $SYS/# matches $SYS"),
        arguments("$SYS/+", "$SYS/x", true, "[MQTT-4.7.2-1] $SYS/+ matches $SYS/x"),
        arguments("$SYS/x", "$SYS/x", true, "[MQTT-4.7.2-1] literal $SYS/x"),
        arguments("a/#", "a/$x", true, "[MQTT-4.7.2-1] only the first level counts"),
        arguments("+/$x", "a/$x", true, "[MQTT-4.7.2-1] $ in a later level is ordinary"),
        arguments("+/x", "a$/x", true, "[MQTT-4.7.2-1] only a leading $ is special"));
  }
}
