package io.aviary.loadgen;

import java.util.List;
import java.util.Map;

/**
 * Everything a run measured.
 *
 * @param config the run configuration
 * @param ok false when the run could not be set up (connect or subscribe failures)
 * @param publishers publishing clients
 * @param subscribers subscribing clients
 * @param connections connections opened in the measured round
 * @param measuredSeconds length of the measured phase
 * @param drainSeconds time spent waiting for stragglers after publishing stopped
 * @param messaging message counts and latency (fanin, fanout, pairs), else {@code null}
 * @param connect connect round statistics
 * @param idle idle-hold statistics (idle), else {@code null}
 * @param errorCount errors seen
 * @param errorSamples up to {@value ErrorLog#MAX_SAMPLES} error messages
 * @param loadgenCpuPercent CPU used by this JVM during the measured phase, percent of one core
 * @param broker broker process statistics (with {@code --broker-pid}), else {@code null}
 */
public record RunResult(
    LoadGenConfig config,
    boolean ok,
    int publishers,
    int subscribers,
    int connections,
    double measuredSeconds,
    double drainSeconds,
    Messaging messaging,
    Connector.Stats connect,
    Idle idle,
    long errorCount,
    List<String> errorSamples,
    double loadgenCpuPercent,
    Broker broker) {

  /**
   * Message accounting of the measured window.
   *
   * @param sent messages sent in the measured window
   * @param sentTotal messages sent including warm-up
   * @param expectedDeliveries deliveries owed for the measured messages (fanout: subscribers ×
   *     sent)
   * @param receivedDeliveries distinct measured deliveries received
   * @param lost expected minus received
   * @param duplicates deliveries of a message already received by that subscriber
   * @param outOfOrder deliveries of a message older than one that subscriber had already received
   * @param lossExact false if the loss tracker had to forget gaps (counts then approximate)
   * @param receivedTotal all deliveries including warm-up and duplicates
   * @param unsentDue open loop: messages due that the generator could not send in time
   * @param windowResets closed loop: times a stalled window was reopened
   * @param publishFailures publishes whose future failed
   * @param latency end-to-end latency of the measured deliveries
   */
  public record Messaging(
      long sent,
      long sentTotal,
      long expectedDeliveries,
      long receivedDeliveries,
      long lost,
      long duplicates,
      long outOfOrder,
      boolean lossExact,
      long receivedTotal,
      long unsentDue,
      long windowResets,
      long publishFailures,
      Latency.Summary latency) {}

  /**
   * Idle hold outcome.
   *
   * @param connected connections established
   * @param stillConnected connections still up at the end of the hold
   * @param dropped disconnections not initiated by the load generator
   */
  public record Idle(int connected, int stillConnected, long dropped) {}

  /**
   * Broker process statistics over the measured phase.
   *
   * @param pid the broker process id
   * @param cpuPercent CPU used, percent of one core
   * @param rssKbBefore resident set size at the start, kB
   * @param rssKbAfter resident set size at the end, kB
   * @param threadCpuPercent CPU of its thread groups (event loops, JIT compiler, GC...), percent of
   *     one core, largest first; groups under 0.1 % are left out
   */
  public record Broker(
      long pid,
      double cpuPercent,
      long rssKbBefore,
      long rssKbAfter,
      Map<String, Double> threadCpuPercent) {}

  /** Messages sent per second of the measured window. */
  public double sentPerSecond() {
    return messaging == null || measuredSeconds <= 0 ? 0 : messaging.sent() / measuredSeconds;
  }

  /** Deliveries received per second of the measured window. */
  public double receivedPerSecond() {
    return messaging == null || measuredSeconds <= 0
        ? 0
        : messaging.receivedDeliveries() / measuredSeconds;
  }
}
