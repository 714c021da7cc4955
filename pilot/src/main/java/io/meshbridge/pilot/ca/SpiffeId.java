package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A workload identity, {@code spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccount>}: the only
 * shape of SPIFFE ID this CA signs.
 */
public record SpiffeId(String trustDomain, String namespace, String serviceAccount) {

  private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,253}");

  public SpiffeId {
    requireNonNull(trustDomain, "trustDomain");
    requireNonNull(namespace, "namespace");
    requireNonNull(serviceAccount, "serviceAccount");
    check("trustDomain", trustDomain, TRUST_DOMAIN, "lower-case letters, digits, '.', '_', '-'");
    check("namespace", namespace, SEGMENT, "letters, digits, '.', '_', '-'");
    check("serviceAccount", serviceAccount, SEGMENT, "letters, digits, '.', '_', '-'");
  }

  /**
   * Parses {@code spiffe://td/ns/N/sa/S}.
   *
   * @throws IllegalArgumentException naming the URI and what was expected
   */
  public static SpiffeId parse(String uri) {
    requireNonNull(uri, "uri");
    String expected = " (expected: spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>)";
    if (!uri.startsWith("spiffe://")) {
      throw new IllegalArgumentException("SPIFFE ID: '" + uri + "'" + expected);
    }
    String[] parts = uri.substring("spiffe://".length()).split("/", -1);
    if (parts.length != 5 || !parts[1].equals("ns") || !parts[3].equals("sa")) {
      throw new IllegalArgumentException("SPIFFE ID: '" + uri + "'" + expected);
    }
    try {
      return new SpiffeId(parts[0], parts[2], parts[4]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SPIFFE ID: '" + uri + "': " + e.getMessage(), e);
    }
  }

  /** The URI form, as it stands in a certificate's URI SAN. */
  public String uri() {
    return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
  }

  @Override
  public String toString() {
    return uri();
  }

  private static void check(String field, String value, Pattern pattern, String expected) {
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(field + ": '" + value + "' (expected: " + expected + ")");
    }
  }
}
