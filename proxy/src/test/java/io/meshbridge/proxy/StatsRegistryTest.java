package io.meshbridge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsRegistryTest {

  @Test
  void exportsCountersAndGaugesInPrometheusFormat() {
    StatsRegistry stats = new StatsRegistry();
    stats.counter("requests_total", "Requests.", Map.of("cluster", "a\"b")).add(3);
    stats.gauge("endpoints", "Endpoints.", Map.of(), () -> 2);

    assertThat(stats.prometheusText())
        .isEqualTo(
            "# HELP endpoints Endpoints.\n# TYPE endpoints gauge\nendpoints 2\n"
                + "# HELP requests_total Requests.\n# TYPE requests_total counter\n"
                + "requests_total{cluster=\"a\\\"b\"} 3\n");
  }

  @Test
  void sameNameAndLabelsIsTheSameCounter() {
    StatsRegistry stats = new StatsRegistry();
    stats.counter("x_total", "X.", Map.of("a", "1", "b", "2")).increment();
    stats.counter("x_total", "X.", Map.of("b", "2", "a", "1")).increment();
    assertThat(stats.prometheusText()).contains("x_total{a=\"1\",b=\"2\"} 2");
  }

  @Test
  void removedSeriesIsNoLongerExported() {
    StatsRegistry stats = new StatsRegistry();
    stats.gauge("g", "G.", Map.of("c", "x"), () -> 1);
    stats.remove("g", Map.of("c", "x"));
    assertThat(stats.prometheusText()).doesNotContain("g{c=\"x\"}");
  }

  @Test
  void rejectsATypeClash() {
    StatsRegistry stats = new StatsRegistry();
    stats.counter("m", "M.", Map.of());
    assertThatThrownBy(() -> stats.gauge("m", "M.", Map.of(), () -> 1))
        .hasMessage("m is a counter, not a gauge");
  }
}
