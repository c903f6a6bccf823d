package io.aviary.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Payload layout, open-loop schedule, JSON writer, /proc parsing and the error log. */
class SupportTest {

  @Test
  void payloadCarriesSequenceAndTimestamp() {
    byte[] bytes = Payload.encode(42, 123_456_789L, 64);
    assertThat(bytes).hasSize(64);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    assertThat(Payload.isDecodable(buffer)).isTrue();
    assertThat(Payload.sequence(buffer)).isEqualTo(42);
    assertThat(Payload.sendNanos(buffer)).isEqualTo(123_456_789L);
    assertThat(Payload.isDecodable(ByteBuffer.allocate(15))).isFalse();
  }

  @Test
  void openLoopScheduleIsExact() {
    assertThat(PublishDriver.scheduleOffsetNanos(0, 3)).isZero();
    assertThat(PublishDriver.scheduleOffsetNanos(1, 3)).isEqualTo(333_333_333L);
    assertThat(PublishDriver.scheduleOffsetNanos(3, 3)).isEqualTo(1_000_000_000L);
    assertThat(PublishDriver.scheduleOffsetNanos(1_000_000_007L, 1_000_000L))
        .isEqualTo(1_000_000_007_000L);
  }

  @Test
  void jsonWriterEscapesAndParses() throws Exception {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("label", "a \"quoted\"\\ label\nwith\ttabs \u0001");
    map.put("n", 3);
    map.put("x", 1.5);
    map.put("whole", 2.0);
    map.put("nan", Double.NaN);
    map.put("list", List.of("a", 1, true));
    map.put("none", null);
    JsonNode node = new ObjectMapper().readTree(Json.write(map));
    assertThat(node.get("label").asText()).isEqualTo(map.get("label"));
    assertThat(node.get("n").asInt()).isEqualTo(3);
    assertThat(node.get("x").asDouble()).isEqualTo(1.5);
    assertThat(node.get("whole").asLong()).isEqualTo(2);
    assertThat(node.get("nan").isNull()).isTrue();
    assertThat(node.get("list")).hasSize(3);
    assertThat(node.get("none").isNull()).isTrue();
  }

  @Test
  void procStatParsingHandlesSpacesInTheCommandName() throws Exception {
    String[] fields = new String[52];
    Arrays.fill(fields, "0");
    fields[0] = "1234";
    fields[1] = "(my (weird) broker)";
    fields[13] = "250"; // utime
    fields[14] = "50"; // stime
    assertThat(CpuSampler.parseCpuTicks(String.join(" ", fields) + "\n")).isEqualTo(300);
    assertThat(CpuSampler.parseRssKb(List.of("Name:\tmosquitto", "VmRSS:\t    9128 kB")))
        .isEqualTo(9128);
    assertThat(CpuSampler.parseRssKb(List.of("Name:\tkthreadd"))).isEqualTo(-1);
  }

  @Test
  void selfProcessCanBeSampled() throws Exception {
    CpuSampler.ProcessSample sample = CpuSampler.sampleProcess(ProcessHandle.current().pid());
    assertThat(sample.cpuNanos()).isPositive();
    assertThat(sample.rssKb()).isPositive();
    assertThat(CpuSampler.selfCpuNanos()).isPositive();
    // This JVM's threads: its compiler threads form one group, whatever their number.
    assertThat(sample.threadCpuNanos()).containsKey("CN CompilerThre");
    assertThat(sample.threadCpuNanos().values()).allMatch(nanos -> nanos >= 0);
    assertThat(sample.threadCpuNanos().values().stream().mapToLong(Long::longValue).sum())
        .isLessThanOrEqualTo(sample.cpuNanos() + java.util.concurrent.TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void threadsAreGroupedByTheirNamesWithoutNumbers() throws Exception {
    assertThat(CpuSampler.threadGroup("4242 (vert.x-eventloo) S 1 2 3"))
        .isEqualTo("vert.x-eventloo");
    assertThat(CpuSampler.threadGroup("17 (C2 CompilerThre) S 1")).isEqualTo("CN CompilerThre");
    assertThat(CpuSampler.threadGroup("18 (GC Thread#12) R 1")).isEqualTo("GC Thread#N");
    assertThat(CpuSampler.threadGroup("19 (a) b) (c) S 1")).isEqualTo("a) b) (c");
  }

  @Test
  void threadCpuIsTheDifferenceBetweenSamplesLargestFirst() {
    long second = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    Map<String, Double> percent =
        PhaseMeter.threadCpuPercent(
            Map.of("loop", 10 * second, "gc", second, "idle", 5 * second),
            Map.of(
                "loop", 15 * second, "gc", second + second / 4, "idle", 5 * second, "new", second),
            10 * second);

    assertThat(percent)
        .containsExactly(Map.entry("loop", 50.0), Map.entry("new", 10.0), Map.entry("gc", 2.5));
  }

  @Test
  void errorLogKeepsFiveSamples() {
    ErrorLog log = new ErrorLog();
    for (int i = 0; i < 8; i++) {
      log.record("error " + i);
    }
    assertThat(log.count()).isEqualTo(8);
    assertThat(log.samples())
        .containsExactly("error 0", "error 1", "error 2", "error 3", "error 4");
  }
}
