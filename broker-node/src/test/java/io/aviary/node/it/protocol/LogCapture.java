package io.aviary.node.it.protocol;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures the broker's log records while installed on the root java.util.logging logger (the test
 * JVM runs JBoss LogManager, which every logging facade in Quarkus ends up in): Netty leak reports,
 * exceptions thrown by the broker's own code, and a count of WARN+ records.
 */
final class LogCapture extends Handler {
  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private final List<String> brokerExceptions = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> serious = new ConcurrentHashMap<>();
  private volatile boolean canary;

  /** Starts capturing; call {@link #uninstall} when done. */
  static LogCapture install() {
    LogCapture capture = new LogCapture();
    Logger.getLogger("").addHandler(capture);
    return capture;
  }

  void uninstall() {
    Logger.getLogger("").removeHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    String text = text(record);
    if (text.contains("LEAK:")) {
      if (text.contains("leakCanary")) {
        canary = true;
      } else {
        leaks.add(text);
      }
    }
    if (record.getLevel().intValue() < Level.WARNING.intValue()) {
      return;
    }
    if (thrownByBrokerCode(record.getThrown())) {
      brokerExceptions.add(record.getLoggerName() + ": " + text);
    }
    String msg = String.valueOf(record.getMessage());
    String key =
        record.getLoggerName() + ": " + msg.substring(0, Math.min(60, msg.length())).trim();
    serious.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static String text(LogRecord record) {
    StringBuilder s = new StringBuilder(String.valueOf(record.getMessage()));
    Object[] params = record.getParameters();
    if (params != null) {
      for (Object p : params) {
        s.append(' ').append(p);
      }
    }
    if (record.getThrown() != null) {
      s.append(' ').append(record.getThrown());
    }
    return s.toString();
  }

  /**
   * Whether the throwable (or a cause or suppressed one) was thrown while broker code was running:
   * reading its stack from the top, a frame of io.aviary comes before the frames of the Vert.x and
   * Netty dispatch that delivered the packet. Exceptions vertx-mqtt throws on its own (a packet
   * before CONNECT) pass through the broker's PacketGuard lower down and do not count.
   */
  static boolean thrownByBrokerCode(Throwable thrown) {
    if (thrown == null) {
      return false;
    }
    for (StackTraceElement e : thrown.getStackTrace()) {
      String c = e.getClassName();
      if (c.startsWith("io.aviary.node.") || c.startsWith("io.aviary.broker.")) {
        return true;
      }
      if (c.startsWith("io.vertx.mqtt.impl.MqttServerConnection")
          || c.startsWith("io.vertx.core.")
          || c.startsWith("io.netty.channel.")) {
        break;
      }
    }
    if (thrownByBrokerCode(thrown.getCause())) {
      return true;
    }
    for (Throwable s : thrown.getSuppressed()) {
      if (thrownByBrokerCode(s)) {
        return true;
      }
    }
    return false;
  }

  /** Exceptions thrown through broker code and logged at WARN or above. */
  List<String> brokerExceptions() {
    return brokerExceptions;
  }

  /** Netty leak reports, except the deliberate canary. */
  List<String> leaks() {
    return leaks;
  }

  /** Whether the report of the deliberately leaked canary buffer was seen. */
  boolean canarySeen() {
    return canary;
  }

  /** WARN+ records by logger and message start. */
  Map<String, Long> summary() {
    Map<String, Long> out = new TreeMap<>();
    serious.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
