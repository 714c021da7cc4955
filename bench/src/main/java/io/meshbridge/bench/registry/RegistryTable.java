package io.meshbridge.bench.registry;

import io.meshbridge.bench.http.ResultTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the Markdown table of {@code run-registry.sh}: one row per {@link RegistrySync} result. */
public final class RegistryTable {

  /** {@code RegistryTable results.txt}. */
  public static void main(String[] args) throws IOException {
    List<Map<String, String>> rows = ResultTable.results(Path.of(args[0]));
    System.out.println(
        "| registry | endpoints | xDS | populate s | pilot REST up s | first full model s |"
            + " first full EDS ACKed s | pilot CPU s until then | changes | change → model p50 /"
            + " p99 / max ms | change → EDS ACK p50 / p99 / max ms | pilot vCPU at rest | pilot CPU ms per"
            + " change |"
            + " live heap MB (first sync → end) | RSS MB (first sync → end) | peak RSS MB |"
            + " timeouts |");
    System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Map<String, String> r : rows) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %s / %s / %s | %s | %s |"
              + " %s → %s | %s → %s | %s | %s |%n",
          r.get("registry"),
          r.get("endpoints"),
          r.get("mode"),
          r.get("populate_s"),
          r.get("rest_up_s"),
          r.get("first_model_s"),
          r.get("first_xds_s"),
          r.get("first_cpu_s"),
          r.get("changes"),
          r.get("model_p50_ms"),
          r.get("model_p99_ms"),
          r.get("model_max_ms"),
          r.get("xds_p50_ms"),
          r.get("xds_p99_ms"),
          r.get("xds_max_ms"),
          r.getOrDefault("idle_vcpu", "—"),
          r.get("cpu_ms_per_change"),
          r.get("heap_live_mb_first"),
          r.get("heap_live_mb_end"),
          r.get("rss_mb_first"),
          r.get("rss_mb_end"),
          r.get("peak_rss_mb"),
          r.get("timeouts"));
    }
  }

  private RegistryTable() {}
}
