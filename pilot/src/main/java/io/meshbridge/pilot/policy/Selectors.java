package io.meshbridge.pilot.policy;

import java.util.Map;

/** Small readers the security kinds share: {@code selector.matchLabels}, port numbers. */
final class Selectors {

  /** {@code spec.selector.matchLabels}, or empty when there is no selector. */
  static Map<String, String> read(Field spec) {
    if (!spec.has("selector")) {
      return Map.of();
    }
    Field selector = spec.child("selector").only(AcceptedFields.WORKLOAD_SELECTOR);
    Map<String, String> labels = selector.strings("matchLabels");
    if (labels.isEmpty()) {
      throw selector.child("matchLabels").error("required (expected: at least one label)");
    }
    return labels;
  }

  /** A port number written as a key or a string ({@code "8080"}) or a number; 1..65535. */
  static int port(Field f, String text) {
    if (text.matches("[0-9]{1,5}")) {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    }
    throw f.error("'" + text + "' (expected: a port number 1..65535)");
  }

  /** A port given as a string ({@code "8080"}, Istio's form) or a number. */
  static int port(Field f) {
    if (f.node().isIntegralNumber()) {
      return f.integer(1, 65535);
    }
    return port(f, f.text());
  }

  private Selectors() {}
}
