package io.meshbridge.proxy.stats;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The proxy's metrics. Counters are {@link LongAdder}s, so the hot path increments without
 * contention; callers look a counter up once and keep it, never per request.
 */
public final class StatsRegistry {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private final ConcurrentMap<String, Family> families = new ConcurrentHashMap<>();

  /** Returns the counter {@code name{labels}}, creating it on first use. */
  public LongAdder counter(String name, String help, Map<String, String> labels) {
    Series s = family(name, help, "counter").series(labels);
    return s.counter;
  }

  /** Registers (or replaces) the gauge {@code name{labels}}, read when stats are exported. */
  public void gauge(String name, String help, Map<String, String> labels, LongSupplier value) {
    family(name, help, "gauge").series(labels).gauge = value;
  }

  /** Removes a series, e.g. the gauges of a cluster that is gone. */
  public void remove(String name, Map<String, String> labels) {
    Family f = families.get(name);
    if (f != null) {
      f.series.remove(labelText(labels));
    }
  }

  /** All metrics in Prometheus' text exposition format (version 0.0.4), sorted by name. */
  public String prometheusText() {
    StringBuilder out = new StringBuilder();
    for (Family f : new TreeMap<>(families).values()) {
      out.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
      out.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
      for (Map.Entry<String, Series> e : new TreeMap<>(f.series).entrySet()) {
        Series s = e.getValue();
        long value = s.gauge != null ? s.gauge.getAsLong() : s.counter.sum();
        out.append(f.name).append(e.getKey()).append(' ').append(value).append('\n');
      }
    }
    return out.toString();
  }

  private Family family(String name, String help, String type) {
    requireNonNull(help, "help");
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name: '" + name + "' (expected: a Prometheus name)");
    }
    Family f = families.computeIfAbsent(name, n -> new Family(n, help, type));
    if (!f.type.equals(type)) {
      throw new IllegalArgumentException(name + " is a " + f.type + ", not a " + type);
    }
    return f;
  }

  private static String labelText(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    new TreeMap<>(labels)
        .forEach(
            (k, v) -> {
              if (b.length() > 1) {
                b.append(',');
              }
              b.append(k).append("=\"").append(escape(v)).append('"');
            });
    return b.append('}').toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static final class Family {
    final String name;
    final String help;
    final String type;
    final ConcurrentMap<String, Series> series = new ConcurrentHashMap<>();

    Family(String name, String help, String type) {
      this.name = name;
      this.help = help;
      this.type = type;
    }

    Series series(Map<String, String> labels) {
      return series.computeIfAbsent(labelText(labels), k -> new Series());
    }
  }

  private static final class Series {
    final LongAdder counter = new LongAdder();
    volatile LongSupplier gauge;
  }
}
