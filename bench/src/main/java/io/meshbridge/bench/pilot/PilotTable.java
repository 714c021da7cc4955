package io.meshbridge.bench.pilot;

import io.meshbridge.bench.http.ResultTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the Markdown tables of {@code run-pilot.sh}: one row per {@link PilotLoad} result, and the
 * translator's cost per service and per endpoint from the JMH CSV.
 */
public final class PilotTable {

  /** {@code PilotTable results.txt [jmh.csv]}. */
  public static void main(String[] args) throws IOException {
    List<Map<String, String>> rows = ResultTable.results(Path.of(args[0]));
    System.out.println(
        "| mode | proxies | first full push s (all / median proxy) | pilot CPU s for it | live heap"
            + " MB | RSS MB | vCPU under churn | convergence to all proxies p50 / p99 / max ms |"
            + " per proxy p50 / p99 ms | ticks not everywhere | peak RSS MB | harness vCPU under"
            + " churn | proxies not on the final state |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Map<String, String> r : rows) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s / %s | %s | %s → %s | %s | %s | %s / %s / %s | %s / %s | %s | %s | %s"
              + " | %s |%n",
          r.get("mode"),
          r.get("proxies"),
          r.get("first_push_s"),
          r.get("first_push_p50_s"),
          r.get("first_push_cpu_s"),
          r.get("heap_live_mb_after_push"),
          r.get("heap_live_mb_end"),
          r.get("rss_mb_after_push"),
          r.get("churn_vcpu"),
          r.get("conv_all_p50_ms"),
          r.get("conv_all_p99_ms"),
          r.get("conv_all_max_ms"),
          r.get("conv_each_p50_ms"),
          r.get("conv_each_p99_ms"),
          r.get("ticks_not_everywhere"),
          r.get("peak_rss_mb"),
          r.getOrDefault("harness_churn_vcpu", "—"),
          r.get("mode").equals("delta") ? r.getOrDefault("stale_proxies", "—") : "—");
    }
    if (args.length > 1 && Files.exists(Path.of(args[1]))) {
      System.out.println();
      System.out.print(translatorCosts(Files.readAllLines(Path.of(args[1]))));
    }
  }

  /**
   * From JMH's CSV (µs/op for services × endpointsPerService): per service = t(S, 0) / S; per
   * endpoint = (t(S, E) − t(S, 0)) / (S·E), for the largest S.
   */
  static String translatorCosts(List<String> csv) {
    List<String[]> rows = new ArrayList<>();
    for (String line : csv.subList(1, csv.size())) {
      rows.add(line.replace("\"", "").split(","));
    }
    StringBuilder s =
        new StringBuilder(
            "| benchmark | services | endpoints/service | µs per translation | µs per service | µs"
                + " per endpoint |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
    for (String[] r : rows) {
      // Benchmark,Mode,Threads,Samples,Score,Score Error (99.9%),Unit,Param:
      // endpointsPerService,Param: services
      String bench = r[0].substring(r[0].lastIndexOf('.') + 1);
      double score = Double.parseDouble(r[4]);
      int eps = Integer.parseInt(r[7]);
      int services = Integer.parseInt(r[8]);
      String perService = eps == 0 ? fmt(score / services) : "";
      String perEndpoint = "";
      if (eps > 0) {
        for (String[] base : rows) {
          if (base[0].equals(r[0]) && base[8].equals(r[8]) && Integer.parseInt(base[7]) == 0) {
            perEndpoint = fmt((score - Double.parseDouble(base[4])) / (services * (double) eps));
          }
        }
      }
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %s | %s |%n",
              bench,
              services,
              eps,
              fmt(score),
              perService,
              perEndpoint));
    }
    return s.toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private PilotTable() {}
}
