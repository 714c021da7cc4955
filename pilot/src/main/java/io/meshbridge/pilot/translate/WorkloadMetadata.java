package io.meshbridge.pilot.translate;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshbridge.model.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code NAMESPACE}, {@code SERVICE_ACCOUNT} and {@code MESHBRIDGE_INBOUND} of a node's
 * metadata into a {@link ProxyWorkload}; a bad value is an {@link InvalidNodeException} naming the
 * key.
 */
final class WorkloadMetadata {

  static final String NAMESPACE = "NAMESPACE";
  static final String SERVICE_ACCOUNT = "SERVICE_ACCOUNT";
  static final String INBOUND = "MESHBRIDGE_INBOUND";

  /** A Kubernetes namespace or service account name (DNS label / subdomain). */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private static final Set<String> INBOUND_FIELDS =
      Set.of("port", "protocol", "targetPort", "targetAddress", "address", "name");

  /** The node's workload, or null when it names no {@code NAMESPACE}. */
  static @Nullable ProxyWorkload read(Node node) {
    Struct metadata = node.getMetadata();
    String namespace = name(node, NAMESPACE);
    String account = name(node, SERVICE_ACCOUNT);
    Value inbound = metadata.getFieldsOrDefault(INBOUND, null);
    if (namespace == null && account == null) {
      if (inbound != null) {
        throw invalid(node, NAMESPACE, "required with " + INBOUND
            + " (expected: the workload's namespace and SERVICE_ACCOUNT)");
      }
      return null;
    }
    if (namespace == null) {
      throw invalid(node, NAMESPACE, "required with " + SERVICE_ACCOUNT);
    }
    if (account == null) {
      throw invalid(node, SERVICE_ACCOUNT, "required with " + NAMESPACE);
    }
    return new ProxyWorkload(namespace, account, inbound == null ? List.of() : inbound(node, inbound));
  }

  private static @Nullable String name(Node node, String key) {
    Value v = node.getMetadata().getFieldsOrDefault(key, null);
    if (v == null) {
      return null;
    }
    if (!v.hasStringValue() || !NAME.matcher(v.getStringValue()).matches()) {
      throw invalid(node, key, text(v) + " (expected: a Kubernetes name, e.g. shop)");
    }
    return v.getStringValue();
  }

  private static List<ProxyWorkload.Inbound> inbound(Node node, Value list) {
    if (!list.hasListValue()) {
      throw invalid(node, INBOUND, "expected a list of {port, protocol, targetPort, ...}");
    }
    List<ProxyWorkload.Inbound> out = new ArrayList<>();
    Set<String> listens = new HashSet<>();
    for (int i = 0; i < list.getListValue().getValuesCount(); i++) {
      String key = INBOUND + "[" + i + "]";
      Value entry = list.getListValue().getValues(i);
      if (!entry.hasStructValue()) {
        throw invalid(node, key, "expected a Struct {port, protocol, targetPort, ...}");
      }
      Struct s = entry.getStructValue();
      for (String field : s.getFieldsMap().keySet()) {
        if (!INBOUND_FIELDS.contains(field)) {
          throw invalid(node, key + "." + field, "not supported (expected: "
              + "port, protocol, targetPort, targetAddress, address, name)");
        }
      }
      ProxyWorkload.Inbound in = new ProxyWorkload.Inbound(
          port(node, key + ".port", s), protocol(node, key + ".protocol", s),
          port(node, key + ".targetPort", s),
          ip(node, key + ".targetAddress", s, ProxyWorkload.Inbound.DEFAULT_TARGET_ADDRESS),
          ip(node, key + ".address", s, ProxyWorkload.Inbound.DEFAULT_ADDRESS),
          string(node, key + ".name", s, ""));
      if (!listens.add(in.address() + ":" + in.port())) {
        throw invalid(node, key + ".port", in.port() + " on " + in.address()
            + " is taken by an earlier entry");
      }
      out.add(in);
    }
    return out;
  }

  private static int port(Node node, String key, Struct s) {
    Value v = s.getFieldsOrDefault(key.substring(key.lastIndexOf('.') + 1), null);
    if (v == null) {
      throw invalid(node, key, "required");
    }
    String text = v.hasNumberValue() ? numberText(v.getNumberValue()) : v.getStringValue();
    if ((v.hasNumberValue() || v.hasStringValue()) && text.matches("[0-9]{1,5}")) {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    }
    throw invalid(node, key, text(v) + " (expected: a port number 1..65535)");
  }

  private static Protocol protocol(Node node, String key, Struct s) {
    String text = string(node, key, s, null);
    for (Protocol p : List.of(Protocol.HTTP, Protocol.HTTP2, Protocol.GRPC, Protocol.TCP)) {
      if (p.name().equals(text)) {
        return p;
      }
    }
    throw invalid(node, key, "'" + text + "' (expected: HTTP, HTTP2, GRPC or TCP)");
  }

  private static String string(Node node, String key, Struct s, @Nullable String otherwise) {
    Value v = s.getFieldsOrDefault(key.substring(key.lastIndexOf('.') + 1), null);
    if (v == null && otherwise != null) {
      return otherwise;
    }
    if (v == null) {
      throw invalid(node, key, "required");
    }
    if (!v.hasStringValue()) {
      throw invalid(node, key, text(v) + " (expected: a string)");
    }
    return v.getStringValue();
  }

  private static String ip(Node node, String key, Struct s, String otherwise) {
    String text = string(node, key, s, otherwise);
    if (!com.google.common.net.InetAddresses.isInetAddress(text)) {
      throw invalid(node, key, "'" + text + "' (expected: an IP literal, e.g. 127.0.0.1)");
    }
    return text;
  }

  private static String numberText(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : Double.toString(d);
  }

  private static String text(Value v) {
    return switch (v.getKindCase()) {
      case STRING_VALUE -> "'" + v.getStringValue() + "'";
      case NUMBER_VALUE -> numberText(v.getNumberValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      default -> "a " + v.getKindCase().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
  }

  private static InvalidNodeException invalid(Node node, String key, String problem) {
    return new InvalidNodeException("node '" + node.getId() + "': metadata." + key + ": " + problem);
  }

  private WorkloadMetadata() {}
}
