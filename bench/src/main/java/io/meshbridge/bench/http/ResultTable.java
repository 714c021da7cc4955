package io.meshbridge.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Prints the Markdown tables of {@code run-proxy.sh} from its result lines ({@code RESULT key=value
 * ...}, one per target): latency added over direct, and throughput and resources with their ratio
 * to nginx; an HTTP/2 row (label ending in {@code -h2}) against {@code direct-h2} and {@code
 * nginx-h2}.
 */
public final class ResultTable {

  /** {@code ResultTable results.txt rate}. */
  public static void main(String[] args) throws IOException {
    List<Map<String, String>> rows = results(Path.of(args[0]));
    int rate = Integer.parseInt(args[1]);
    System.out.print(render(rows, rate));
  }

  static String render(List<Map<String, String>> rows, int rate) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Latency at %d req/s, open loop, coordinated omission corrected (µs; added = minus"
                + " direct)%n%n",
            rate));
    s.append(
        "| target | requests | errors | p50 | p90 | p99 | p99.9 | added p50 | added p90 | added p99"
            + " | added p99.9 |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map<String, String> r : rows) {
      @Nullable Map<String, String> direct = peer(rows, r, "direct");
      s.append("| ")
          .append(r.get("label"))
          .append(" | ")
          .append(r.get("requests"))
          .append(" | ")
          .append(r.get("errors"));
      for (String p : List.of("p50_us", "p90_us", "p99_us", "p999_us")) {
        s.append(" | ").append(r.get(p));
      }
      for (String p : List.of("p50_us", "p90_us", "p99_us", "p999_us")) {
        s.append(" | ")
            .append(direct == null || r == direct ? "—" : fmt(num(r, p) - num(direct, p), "%+.0f"));
      }
      s.append(" |\n");
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%nThroughput (max: wrk; h2load for -h2 rows) and resources of the proxy process(es) at %d req/s%n%n",
            rate));
    s.append(
        "| target | max req/s | × nginx | CPU s / 1000 req | vCPU at "
            + rate
            + " req/s | × nginx | peak RSS MB at "
            + rate
            + " req/s | × nginx | peak RSS MB after wrk | RSS MB idle |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map<String, String> r : rows) {
      @Nullable Map<String, String> nginx = peer(rows, r, "nginx");
      double cpu = num(r, "cpu_s_per_1k");
      s.append("| ")
          .append(r.get("label"))
          .append(" | ")
          .append(fmt(num(r, "wrk_rps"), "%.0f"))
          .append(" | ")
          .append(ratio(r, nginx, "wrk_rps"))
          .append(" | ")
          .append(fmt(cpu, "%.4f"))
          .append(" | ")
          .append(fmt(cpu * rate / 1000.0, "%.3f"))
          .append(" | ")
          .append(ratio(r, nginx, "cpu_s_per_1k"))
          .append(" | ")
          .append(fmt(num(r, "peak_rss_mb"), "%.1f"))
          .append(" | ")
          .append(ratio(r, nginx, "peak_rss_mb"))
          .append(" | ")
          .append(fmt(num(r, "wrk_peak_rss_mb"), "%.1f"))
          .append(" | ")
          .append(fmt(num(r, "idle_rss_mb"), "%.1f"))
          .append(" |\n");
    }
    return s.toString();
  }

  /** The {@code RESULT} lines of a harness's output file, each parsed by {@link #parse}. */
  public static List<Map<String, String>> results(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith("RESULT "))
        .map(ResultTable::parse)
        .toList();
  }

  /** The key=value pairs of one {@code RESULT} line, in order. */
  public static Map<String, String> parse(String line) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : line.substring("RESULT ".length()).trim().split("\\s+")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        m.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return m;
  }

  /**
   * The row {@code r} is compared with: {@code base} ("direct" or "nginx") of the same protocol,
   * i.e. with the same {@code -h2} suffix as {@code r}'s label.
   */
  private static @Nullable Map<String, String> peer(
      List<Map<String, String>> rows, Map<String, String> r, String base) {
    String label = String.valueOf(r.get("label"));
    return find(rows, label.endsWith("-h2") ? base + "-h2" : base);
  }

  private static @Nullable Map<String, String> find(List<Map<String, String>> rows, String label) {
    return rows.stream().filter(r -> label.equals(r.get("label"))).findFirst().orElse(null);
  }

  private static double num(Map<String, String> r, String key) {
    String v = r.get(key);
    if (v == null || v.isEmpty()) {
      return Double.NaN;
    }
    return Double.parseDouble(v);
  }

  private static String ratio(
      Map<String, String> r, @Nullable Map<String, String> base, String key) {
    if (base == null) {
      return "—";
    }
    return fmt(num(r, key) / num(base, key), "%.2f");
  }

  private static String fmt(double v, String format) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, format, v);
  }

  private ResultTable() {}
}
