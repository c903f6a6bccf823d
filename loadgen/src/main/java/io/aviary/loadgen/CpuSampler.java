package io.aviary.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** CPU time and memory samples of this JVM and of a broker process (Linux /proc). */
final class CpuSampler {

  /** Lazily runs {@code getconf CLK_TCK} the first time a process is sampled. */
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private static final class ClockTicks {
    static final long PER_SECOND = clockTicks();
  }

  private CpuSampler() {}

  /** CPU time consumed by this JVM so far, in nanoseconds, or -1 when unknown. */
  static long selfCpuNanos() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      long nanos = sun.getProcessCpuTime();
      if (nanos >= 0) {
        return nanos;
      }
    }
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  /** The kernel's clock ticks per second (USER_HZ), used by /proc/PID/stat. */
  static long clockTicksPerSecond() {
    return ClockTicks.PER_SECOND;
  }

  /**
   * One sample of a process: CPU time (user + system) in nanoseconds, resident set in kB, and the
   * CPU time of its threads by {@link #threadGroup}.
   */
  record ProcessSample(long cpuNanos, long rssKb, Map<String, Long> threadCpuNanos) {}

  /**
   * Samples process {@code pid} from /proc/PID/stat (utime + stime), /proc/PID/status (VmRSS) and
   * its threads' /proc/PID/task/TID/stat.
   *
   * @throws IOException if the process does not exist or /proc cannot be read
   */
  static ProcessSample sampleProcess(long pid) throws IOException {
    Path proc = Path.of("/proc", Long.toString(pid));
    String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
    long ticks = parseCpuTicks(stat);
    long rssKb = parseRssKb(Files.readAllLines(proc.resolve("status"), StandardCharsets.UTF_8));
    Map<String, Long> threads = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
      for (Path task : tasks) {
        String taskStat;
        try {
          taskStat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException ended) {
          continue; // a thread that ended while the others were read
        }
        threads.merge(threadGroup(taskStat), toNanos(parseCpuTicks(taskStat)), Long::sum);
      }
    }
    return new ProcessSample(toNanos(ticks), rssKb, threads);
  }

  private static long toNanos(long ticks) {
    return ticks * TimeUnit.SECONDS.toNanos(1) / ClockTicks.PER_SECOND;
  }

  /**
   * The group of a thread, from its /proc stat line: its name (as the kernel keeps it, 15
   * characters at most) with every run of digits replaced by {@code N}, so that a pool's threads
   * ({@code vert.x-eventloo}, {@code C2 CompilerThre}, {@code GC Thread#3}) count as one.
   */
  static String threadGroup(String stat) throws IOException {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IOException("unexpected /proc stat format");
    }
    return DIGITS.matcher(stat.substring(open + 1, close)).replaceAll("N");
  }

  /** utime + stime (fields 14 and 15) of a /proc/PID/stat line, in clock ticks. */
  static long parseCpuTicks(String stat) throws IOException {
    // The command name (field 2) is in parentheses and may contain spaces: parse after the last
    // ')'.
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IOException("unexpected /proc stat format");
    }
    String[] fields = stat.substring(close + 1).trim().split("\\s+");
    // fields[0] is field 3 (state), so field N is fields[N - 3].
    if (fields.length < 13) {
      throw new IOException("unexpected /proc stat format");
    }
    try {
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (NumberFormatException e) {
      throw new IOException("unexpected /proc stat format", e);
    }
  }

  /** The VmRSS value in kB of /proc/PID/status lines, or -1 when absent (kernel threads). */
  static long parseRssKb(List<String> status) {
    for (String line : status) {
      if (line.startsWith("VmRSS:")) {
        String value = line.substring("VmRSS:".length()).trim();
        int space = value.indexOf(' ');
        return Long.parseLong(space < 0 ? value : value.substring(0, space));
      }
    }
    return -1;
  }

  private static long clockTicks() {
    try {
      Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out;
      try (InputStream in = process.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
      }
      if (process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0) {
        long value = Long.parseLong(out);
        if (value > 0) {
          return value;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Fall through to the Linux default.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
