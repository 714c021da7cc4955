package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the xDS client holds now, for callers in the same JVM (the VM agent's status) that would
 * otherwise scrape the admin endpoint.
 *
 * @param connected an ADS stream is open on a connected channel (the {@code xds_connected} gauge)
 * @param ready the initial fetch is done (see {@link XdsClient#ready()})
 * @param versions the last accepted response version per type label ({@code LDS}, {@code CDS},
 *     {@code RDS}, {@code EDS}, {@code SDS}); empty string before the first
 * @param lastNack the most recent NACK of any type, or null if none was sent
 * @param fromCache the config served was preloaded from an {@link XdsSnapshot} and no xDS server
 *     has sent a response since (a server holding the same versions may send none)
 */
public record XdsStatus(boolean connected, boolean ready, Map<String, String> versions,
    @Nullable LastNack lastNack, boolean fromCache) {

  public XdsStatus {
    versions = Map.copyOf(versions);
  }

  /** The accepted version of {@code type} ({@code "LDS"}, ...), or empty. */
  public String version(String type) {
    return versions.getOrDefault(type, "");
  }

  /**
   * A rejected response.
   *
   * @param type the type label ({@code LDS}, ...)
   * @param version the rejected response's version
   * @param time when it was rejected
   * @param message the NACK's {@code error_detail}: every bad resource with its reason
   */
  public record LastNack(String type, String version, Instant time, String message) {

    public LastNack {
      requireNonNull(type, "type");
      requireNonNull(version, "version");
      requireNonNull(time, "time");
      requireNonNull(message, "message");
    }
  }

  static XdsStatus of(boolean connected, boolean ready, List<TypeDump> dump, boolean fromCache) {
    Map<String, String> versions = new HashMap<>();
    @Nullable LastNack last = null;
    for (TypeDump type : dump) {
      versions.put(type.type().toString(), type.version());
      Nack nack = type.lastNack();
      if (nack != null && (last == null || nack.time().isAfter(last.time()))) {
        last = new LastNack(type.type().toString(), nack.version(), nack.time(), nack.message());
      }
    }
    return new XdsStatus(connected, ready, versions, last, fromCache);
  }
}
