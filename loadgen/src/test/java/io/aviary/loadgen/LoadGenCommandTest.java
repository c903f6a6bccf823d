package io.aviary.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class LoadGenCommandTest {

  @Test
  void defaults() {
    LoadGenConfig config = LoadGenCommand.parse("--scenario", "pairs");
    assertThat(config.scenario()).isEqualTo(Scenario.PAIRS);
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(1883);
    assertThat(config.qos()).isEqualTo(1);
    assertThat(config.payloadSize()).isEqualTo(64);
    assertThat(config.mqttVersion()).isEqualTo(5);
    assertThat(config.maxRuntime()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.topicPrefix()).isEqualTo("bench/" + config.runId());
    assertThat(config.jsonOnly()).isFalse();
  }

  @Test
  void scenarioNamesAreCaseInsensitiveAndTlsDefaultsTo8883() {
    LoadGenConfig config = LoadGenCommand.parse("--scenario", "FanOut", "--tls");
    assertThat(config.scenario()).isEqualTo(Scenario.FANOUT);
    assertThat(config.port()).isEqualTo(8883);
  }

  @Test
  void localhostIsAllowed() {
    assertThat(LoadGenCommand.parse("--scenario", "idle", "--host", "localhost").host())
        .isEqualTo("localhost");
  }

  @Test
  void badQosIsRejected() {
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "fanin", "--qos", "3"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--qos must be 0, 1 or 2 (was 3)");
  }

  @Test
  void nonLoopbackHostIsRefusedUnlessAllowed() {
    // 192.0.2.1 is TEST-NET-1: never contacted, parsing only resolves the literal.
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "fanin", "--host", "192.0.2.1"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("refusing non-loopback --host 192.0.2.1")
        .hasMessageContaining("--allow-remote");
    assertThat(
            LoadGenCommand.parse("--scenario", "fanin", "--host", "192.0.2.1", "--allow-remote")
                .host())
        .isEqualTo("192.0.2.1");
  }

  @Test
  void payloadSmallerThanTheHeaderIsRejected() {
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--payload", "15"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--payload must be between 16");
    assertThat(LoadGenCommand.parse("--scenario", "pairs", "--payload", "16").payloadSize())
        .isEqualTo(16);
  }

  @Test
  void otherInvalidCombinationsAreRejected() {
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--mqtt-version", "4"))
        .hasMessageContaining("--mqtt-version must be 3 or 5");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--max-runtime", "601"))
        .hasMessageContaining("--max-runtime must be between 1 and 600");
    assertThatThrownBy(
            () ->
                LoadGenCommand.parse(
                    "--scenario", "pairs", "--duration", "100", "--max-runtime", "100"))
        .hasMessageContaining("must be less than --max-runtime");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--cafile", "/etc/hosts"))
        .hasMessageContaining("--cafile needs --tls");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--password", "x"))
        .hasMessageContaining("--password needs --username");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--topic-prefix", "a/#"))
        .hasMessageContaining("wildcards");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--clients", "0"))
        .hasMessageContaining("--clients must be between 1");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--qos", "one"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--qos");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "nope"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--scenario");
    assertThatThrownBy(() -> LoadGenCommand.parse("--qos", "1"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--scenario");
  }

  @Test
  void theCliReportsInvalidOptionsWithExitCode2AndTheMessage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new String[] {"--scenario", "fanin", "--qos", "7"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--qos must be 0, 1 or 2 (was 7)");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
