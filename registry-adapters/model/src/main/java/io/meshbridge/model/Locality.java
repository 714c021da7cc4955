package io.meshbridge.model;

import static java.util.Objects.requireNonNull;

/** Where an endpoint runs, as Envoy's {@code Locality}: empty strings mean "not known". */
public record Locality(String region, String zone, String subZone) {

  public static final Locality UNKNOWN = new Locality("", "", "");

  public Locality {
    requireNonNull(region, "region");
    requireNonNull(zone, "zone");
    requireNonNull(subZone, "subZone");
  }
}
