package io.aviary.loadgen;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Samples this JVM's and the broker's CPU time and RSS at the start and end of a phase. */
final class PhaseMeter {

  private final long brokerPid;
  private final ErrorLog errors;

  private long startNanos;
  private long endNanos;
  private long selfCpuStart = -1;
  private long selfCpuEnd = -1;
  private CpuSampler.ProcessSample brokerStart;
  private CpuSampler.ProcessSample brokerEnd;

  PhaseMeter(long brokerPid, ErrorLog errors) {
    this.brokerPid = brokerPid;
    this.errors = errors;
    if (brokerPid > 0) {
      // Pays the one-off cost of reading the clock tick rate before the phase starts.
      CpuSampler.clockTicksPerSecond();
    }
  }

  void start() {
    brokerStart = sampleBroker();
    startNanos = System.nanoTime();
    selfCpuStart = CpuSampler.selfCpuNanos();
  }

  void stop() {
    endNanos = System.nanoTime();
    selfCpuEnd = CpuSampler.selfCpuNanos();
    brokerEnd = sampleBroker();
  }

  private CpuSampler.ProcessSample sampleBroker() {
    if (brokerPid <= 0) {
      return null;
    }
    try {
      return CpuSampler.sampleProcess(brokerPid);
    } catch (IOException | RuntimeException e) {
      errors.record("sampling broker pid " + brokerPid, e);
      return null;
    }
  }

  /** Wall time of the phase in seconds. */
  double seconds() {
    return Math.max(0, endNanos - startNanos) / 1e9;
  }

  /** CPU used by this JVM during the phase, percent of one core. */
  double loadgenCpuPercent() {
    long wall = endNanos - startNanos;
    if (wall <= 0 || selfCpuStart < 0 || selfCpuEnd < 0) {
      return 0;
    }
    return (selfCpuEnd - selfCpuStart) * 100.0 / wall;
  }

  /** Broker statistics, or {@code null} without a broker pid. */
  RunResult.Broker broker() {
    if (brokerPid <= 0) {
      return null;
    }
    long wall = endNanos - startNanos;
    double cpu =
        brokerStart == null || brokerEnd == null || wall <= 0
            ? -1
            : (brokerEnd.cpuNanos() - brokerStart.cpuNanos()) * 100.0 / wall;
    return new RunResult.Broker(
        brokerPid,
        cpu,
        brokerStart == null ? -1 : brokerStart.rssKb(),
        brokerEnd == null ? -1 : brokerEnd.rssKb(),
        brokerStart == null || brokerEnd == null || wall <= 0
            ? Map.of()
            : threadCpuPercent(brokerStart.threadCpuNanos(), brokerEnd.threadCpuNanos(), wall));
  }

  /** Each thread group's CPU between two samples, percent of one core, largest first. */
  static Map<String, Double> threadCpuPercent(
      Map<String, Long> start, Map<String, Long> end, long wallNanos) {
    Map<String, Double> percent = new LinkedHashMap<>();
    end.entrySet().stream()
        // A group that appeared during the phase counts from zero.
        .map(
            e ->
                Map.entry(
                    e.getKey(),
                    (e.getValue() - start.getOrDefault(e.getKey(), 0L)) * 100.0 / wallNanos))
        .filter(e -> e.getValue() >= 0.1)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> percent.put(e.getKey(), Math.round(e.getValue() * 10) / 10.0));
    return percent;
  }
}
