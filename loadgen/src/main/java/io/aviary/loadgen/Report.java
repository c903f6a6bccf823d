package io.aviary.loadgen;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link RunResult} as a human-readable summary and as one JSON line. */
public final class Report {

  private Report() {}

  /** Prints the summary (unless JSON only) followed by the JSON line. */
  public static void print(RunResult result, PrintStream out) {
    if (!result.config().jsonOnly()) {
      out.print(summary(result));
    }
    out.println(jsonLine(result));
    out.flush();
  }

  /** The JSON line (no trailing newline). */
  public static String jsonLine(RunResult r) {
    LoadGenConfig c = r.config();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("tool", "aviary-loadgen");
    json.put("label", c.label());
    json.put("scenario", c.scenario().cliName());
    json.put("status", r.ok() ? "ok" : "failed");
    json.put("run_id", c.runId());
    json.put("host", c.host());
    json.put("port", c.port());
    json.put("tls", c.tls());
    json.put("client_cert", c.certFile() != null);
    json.put("mqtt_version", c.mqttVersion() == 3 ? "3.1.1" : "5");
    json.put("qos", c.qos());
    json.put("session_expiry_s", c.sessionExpiry());
    json.put("clients", c.clients());
    json.put("publishers", r.publishers());
    json.put("subscribers", r.subscribers());
    json.put("connections", r.connections());
    json.put("payload", c.payloadSize());
    json.put("rate", c.rate());
    json.put("window", c.window());
    json.put("warmup_s", c.warmup().toMillis() / 1000.0);
    json.put("duration", r.measuredSeconds());
    json.put("drain_s", r.drainSeconds());
    RunResult.Messaging m = r.messaging();
    if (m != null) {
      json.put("sent", m.sent());
      json.put("sent_per_s", r.sentPerSecond());
      json.put("received_per_s", r.receivedPerSecond());
      json.put("expected_deliveries", m.expectedDeliveries());
      json.put("received_deliveries", m.receivedDeliveries());
      json.put("lost", m.lost());
      json.put("loss_pct", percent(m.lost(), m.expectedDeliveries()));
      json.put("loss_exact", m.lossExact());
      json.put("duplicates", m.duplicates());
      json.put("out_of_order", m.outOfOrder());
      json.put("sent_total", m.sentTotal());
      json.put("received_total", m.receivedTotal());
      json.put("unsent_due", m.unsentDue());
      json.put("window_resets", m.windowResets());
      json.put("publish_failures", m.publishFailures());
      Map<String, Object> latency = new LinkedHashMap<>();
      latency.put("count", m.latency().count());
      latency.put("p50", m.latency().p50());
      latency.put("p95", m.latency().p95());
      latency.put("p99", m.latency().p99());
      latency.put("p999", m.latency().p999());
      latency.put("max", m.latency().max());
      latency.put("mean", m.latency().mean());
      json.put("latency_ms", latency);
    }
    Connector.Stats cs = r.connect();
    Map<String, Object> connect = new LinkedHashMap<>();
    connect.put("attempted", cs.attempted());
    connect.put("succeeded", cs.succeeded());
    connect.put("failed", cs.failed());
    connect.put("elapsed_s", cs.elapsedNanos() / 1e9);
    connect.put("timed_out", cs.timedOut());
    connect.put("connects_per_s", cs.connectsPerSecond());
    connect.put("connack_p50_ms", cs.connack().p50());
    connect.put("connack_p99_ms", cs.connack().p99());
    connect.put("connack_max_ms", cs.connack().max());
    connect.put("concurrency", c.connectConcurrency());
    connect.put("warm_connects", c.warmConnects());
    json.put("connect", connect);
    if (r.idle() != null) {
      Map<String, Object> idle = new LinkedHashMap<>();
      idle.put("held_s", r.measuredSeconds());
      idle.put("keep_alive_s", c.keepAlive());
      idle.put("connected", r.idle().connected());
      idle.put("still_connected", r.idle().stillConnected());
      idle.put("dropped", r.idle().dropped());
      json.put("idle", idle);
    }
    Map<String, Object> errors = new LinkedHashMap<>();
    errors.put("count", r.errorCount());
    errors.put("samples", r.errorSamples());
    json.put("errors", errors);
    if (r.broker() != null) {
      Map<String, Object> broker = new LinkedHashMap<>();
      broker.put("pid", r.broker().pid());
      broker.put("cpu_pct", r.broker().cpuPercent());
      broker.put("rss_kb_before", r.broker().rssKbBefore());
      broker.put("rss_kb_after", r.broker().rssKbAfter());
      broker.put("threads_cpu_pct", r.broker().threadCpuPercent());
      json.put("broker", broker);
    } else {
      json.put("broker", null);
    }
    Map<String, Object> loadgen = new LinkedHashMap<>();
    loadgen.put("cpu_pct", r.loadgenCpuPercent());
    loadgen.put("cores", Runtime.getRuntime().availableProcessors());
    loadgen.put("threads", c.threads());
    json.put("loadgen", loadgen);
    json.put("topic_prefix", c.topicPrefix());
    return Json.write(json);
  }

  /** The multi-line human-readable summary. */
  public static String summary(RunResult r) {
    LoadGenConfig c = r.config();
    StringBuilder s = new StringBuilder(1024);
    String what =
        c.scenario().isMessaging()
            ? String.format(
                Locale.ROOT,
                "QoS %d, %d clients (%d pub / %d sub), payload %d B",
                c.qos(),
                c.clients(),
                r.publishers(),
                r.subscribers(),
                c.payloadSize())
            : r.connections() + " connections";
    line(
        s,
        "aviary-loadgen %s%s: %s, MQTT %s, %s",
        c.scenario().cliName(),
        c.label().isEmpty() ? "" : " [" + c.label() + "]",
        r.ok() ? "ok" : "FAILED",
        c.mqttVersion() == 3 ? "3.1.1" : "5",
        what);
    line(
        s,
        "  broker        %s:%d%s%s",
        c.host(),
        c.port(),
        c.tls() ? (c.certFile() != null ? " (TLS, client certificate)" : " (TLS)") : "",
        c.scenario().isMessaging() ? ", topic prefix " + c.topicPrefix() : "");
    RunResult.Messaging m = r.messaging();
    if (m != null) {
      line(
          s,
          "  load          %s, %s, warm-up %d s, measured %.2f s, drain %.2f s",
          c.rate() > 0 ? c.rate() + " msgs/s open loop" : "unlimited rate",
          c.window() > 0 ? "window " + c.window() : "no window",
          c.warmup().toSeconds(),
          r.measuredSeconds(),
          r.drainSeconds());
      line(s, "  sent          %d msgs (%.1f msgs/s)", m.sent(), r.sentPerSecond());
      line(
          s,
          "  received      %d of %d expected deliveries (%.1f msgs/s)",
          m.receivedDeliveries(),
          m.expectedDeliveries(),
          r.receivedPerSecond());
      line(
          s,
          "  loss          %d lost (%.4f %%)%s, %d duplicates, %d out of order",
          m.lost(),
          percent(m.lost(), m.expectedDeliveries()),
          m.lossExact() ? "" : " (approximate)",
          m.duplicates(),
          m.outOfOrder());
      if (m.unsentDue() > 0 || m.windowResets() > 0 || m.publishFailures() > 0) {
        line(
            s,
            "  backpressure  %d msgs due but unsent, %d window resets, %d failed publishes",
            m.unsentDue(),
            m.windowResets(),
            m.publishFailures());
      }
      Latency.Summary l = m.latency();
      line(
          s,
          "  latency ms    p50 %.3f  p95 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (%d samples)",
          l.p50(),
          l.p95(),
          l.p99(),
          l.p999(),
          l.max(),
          l.count());
    }
    Connector.Stats cs = r.connect();
    line(
        s,
        "  connect       %d/%d ok in %.3f s (%.1f connects/s), CONNACK p50 %.3f ms, p99 %.3f ms,"
            + " max %.3f ms",
        cs.succeeded(),
        cs.attempted(),
        cs.elapsedNanos() / 1e9,
        cs.connectsPerSecond(),
        cs.connack().p50(),
        cs.connack().p99(),
        cs.connack().max());
    if (r.idle() != null) {
      line(
          s,
          "  idle          held %.1f s (keep-alive %d s): %d of %d still connected, %d dropped",
          r.measuredSeconds(),
          c.keepAlive(),
          r.idle().stillConnected(),
          r.idle().connected(),
          r.idle().dropped());
    }
    StringBuilder cpu = new StringBuilder();
    cpu.append(
        String.format(
            Locale.ROOT,
            "loadgen %.1f %% (%d cores)",
            r.loadgenCpuPercent(),
            Runtime.getRuntime().availableProcessors()));
    if (r.broker() != null) {
      cpu.append(
          String.format(
              Locale.ROOT,
              "; broker pid %d %.1f %%, RSS %d kB -> %d kB",
              r.broker().pid(),
              r.broker().cpuPercent(),
              r.broker().rssKbBefore(),
              r.broker().rssKbAfter()));
    }
    line(s, "  cpu           %s", cpu);
    line(s, "  errors        %d", r.errorCount());
    for (String sample : r.errorSamples()) {
      line(s, "    - %s", sample);
    }
    return s.toString();
  }

  private static double percent(long part, long whole) {
    return whole <= 0 ? 0 : part * 100.0 / whole;
  }

  @FormatMethod
  private static void line(StringBuilder s, @FormatString String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
  }
}
