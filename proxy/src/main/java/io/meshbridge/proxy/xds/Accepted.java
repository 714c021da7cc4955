package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import java.time.Instant;

/**
 * A resource this client accepted: the Envoy proto as received, what it converted to, and the
 * response version and time it last changed in.
 */
record Accepted<V>(String name, Message resource, V value, String version, Instant updated) {

  Accepted {
    requireNonNull(name, "name");
    requireNonNull(resource, "resource");
    requireNonNull(value, "value");
    requireNonNull(version, "version");
    requireNonNull(updated, "updated");
  }
}
