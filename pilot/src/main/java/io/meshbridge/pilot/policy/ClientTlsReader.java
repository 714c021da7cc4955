package io.meshbridge.pilot.policy;

import java.util.List;

/** Reads {@code trafficPolicy.tls} (and a subset's or port's), strictly. */
final class ClientTlsReader {

  static ClientTls read(Field f) {
    f.only(AcceptedFields.CLIENT_TLS);
    if (f.has("credentialName")) {
      throw f.child("credentialName").error(
          "not supported (no Kubernetes secrets over SDS yet; expected: clientCertificate,"
              + " privateKey and caCertificates files)");
    }
    ClientTls.Mode mode = mode(f);
    boolean files = mode == ClientTls.Mode.SIMPLE || mode == ClientTls.Mode.MUTUAL;
    for (String name : List.of("caCertificates", "sni", "subjectAltNames", "insecureSkipVerify")) {
      if (f.has(name) && !files) {
        throw f.child(name).error("only with mode SIMPLE or MUTUAL (mode is " + mode + ")");
      }
    }
    for (String name : List.of("clientCertificate", "privateKey")) {
      if (mode == ClientTls.Mode.MUTUAL && !f.has(name)) {
        throw f.child(name).error("required with mode MUTUAL");
      }
      if (f.has(name) && mode != ClientTls.Mode.MUTUAL) {
        throw f.child(name).error("only with mode MUTUAL (mode is " + mode + ")");
      }
    }
    boolean skip = f.has("insecureSkipVerify") && f.child("insecureSkipVerify").bool();
    if (skip) {
      for (String name : List.of("caCertificates", "subjectAltNames")) {
        if (f.has(name)) {
          throw f.child(name).error("not allowed together with insecureSkipVerify: true");
        }
      }
    }
    List<String> sans = f.list("subjectAltNames", s -> nonEmpty(s));
    return new ClientTls(
        mode,
        f.has("caCertificates") ? nonEmpty(f.child("caCertificates")) : "",
        f.has("clientCertificate") ? nonEmpty(f.child("clientCertificate")) : "",
        f.has("privateKey") ? nonEmpty(f.child("privateKey")) : "",
        f.has("sni") ? nonEmpty(f.child("sni")) : "",
        sans,
        skip);
  }

  private static ClientTls.Mode mode(Field f) {
    if (!f.has("mode")) {
      return ClientTls.Mode.DISABLE; // Istio's default
    }
    Field mode = f.child("mode");
    String value = mode.text();
    for (ClientTls.Mode m : ClientTls.Mode.values()) {
      if (m.name().equals(value)) {
        return m;
      }
    }
    throw mode.error("'" + value + "' (expected: DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL)");
  }

  private static String nonEmpty(Field f) {
    String text = f.text();
    if (text.isEmpty()) {
      throw f.error("'' (expected: a non-empty string)");
    }
    return text;
  }

  private ClientTlsReader() {}
}
