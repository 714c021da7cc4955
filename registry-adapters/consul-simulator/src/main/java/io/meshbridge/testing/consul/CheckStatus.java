package io.meshbridge.testing.consul;

import java.util.Locale;

/** The status of a Consul health check, as Consul spells it in JSON. */
public enum CheckStatus {
  PASSING("passing"),
  WARNING("warning"),
  CRITICAL("critical");

  private final String json;

  CheckStatus(String json) {
    this.json = json;
  }

  /** {@code passing}, {@code warning} or {@code critical}. */
  public String json() {
    return json;
  }

  /**
   * Parses Consul's spelling.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static CheckStatus parse(String value) {
    for (CheckStatus s : values()) {
      if (s.json.equals(value.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "Status: '" + value + "' (expected one of: passing, warning, critical)");
  }
}
