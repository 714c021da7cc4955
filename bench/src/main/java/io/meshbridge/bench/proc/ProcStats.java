package io.meshbridge.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and memory of processes, read from {@code /proc} as {@code top} does: {@code
 * /proc/<pid>/stat} fields 14 and 15 (utime, stime) and {@code /proc/<pid>/status} {@code VmHWM}
 * (peak resident set) and {@code VmRSS}.
 */
public final class ProcStats {

  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux we run on. */
  public static final long CLOCK_TICKS = Long.getLong("bench.clockTicks", 100);

  /** User plus system CPU seconds used so far by all of {@code pids}. */
  public static double cpuSeconds(List<Long> pids) {
    long ticks = 0;
    for (long pid : pids) {
      String stat = read(pid, "stat");
      // comm (field 2) may hold spaces: count fields after its closing parenthesis.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    }
    return (double) ticks / CLOCK_TICKS;
  }

  /** Sum of the peak resident set sizes of {@code pids}, in bytes. */
  public static long peakRssBytes(List<Long> pids) {
    return sumStatus(pids, "VmHWM:");
  }

  /** Sum of the current resident set sizes of {@code pids}, in bytes. */
  public static long rssBytes(List<Long> pids) {
    return sumStatus(pids, "VmRSS:");
  }

  /** Parses {@code "12,34"} into pids. */
  public static List<Long> parsePids(String csv) {
    return java.util.Arrays.stream(csv.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Long::parseLong)
        .toList();
  }

  private static long sumStatus(List<Long> pids, String key) {
    long kib = 0;
    for (long pid : pids) {
      for (String line : read(pid, "status").split("\n")) {
        if (line.startsWith(key)) {
          kib += Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    }
    return kib * 1024;
  }

  private static String read(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), file));
    } catch (IOException e) {
      throw new UncheckedIOException("reading /proc/" + pid + "/" + file, e);
    }
  }

  private ProcStats() {}
}
