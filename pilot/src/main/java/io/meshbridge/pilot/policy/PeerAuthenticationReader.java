package io.meshbridge.pilot.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a PeerAuthentication's {@code spec}: the accepted fields ({@link AcceptedFields}). */
final class PeerAuthenticationReader {

  static PeerAuthentication read(Field spec, String namespace, String name, String source) {
    spec.only(AcceptedFields.PEER_AUTHENTICATION);
    Map<String, String> selector = Selectors.read(spec);
    PeerAuthentication.Mode mode =
        spec.has("mtls") ? mtls(spec.child("mtls")) : PeerAuthentication.Mode.UNSET;
    Map<Integer, PeerAuthentication.Mode> ports = new LinkedHashMap<>();
    if (spec.has("portLevelMtls")) {
      Field all = spec.child("portLevelMtls");
      if (!all.node().isObject()) {
        throw all.error("expected an object of port number to {mode}");
      }
      if (selector.isEmpty()) {
        throw all.error("needs selector (Istio applies portLevelMtls to selected workloads only)");
      }
      all.node().fieldNames().forEachRemaining(key -> {
        Field entry = all.child(key);
        int port = Selectors.port(entry, key);
        ports.put(port, mtls(entry));
      });
    }
    return new PeerAuthentication(namespace, name, selector, mode, ports, source);
  }

  private static PeerAuthentication.Mode mtls(Field f) {
    f.only(AcceptedFields.PEER_AUTHENTICATION_MTLS);
    if (!f.has("mode")) {
      return PeerAuthentication.Mode.UNSET;
    }
    Field mode = f.child("mode");
    String value = mode.text();
    for (PeerAuthentication.Mode m : PeerAuthentication.Mode.values()) {
      if (m.name().equals(value)) {
        return m;
      }
    }
    throw mode.error("'" + value + "' (expected: STRICT, PERMISSIVE, DISABLE or UNSET)");
  }

  private PeerAuthenticationReader() {}
}
