package io.meshbridge.proxy.config.rbac;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.StringMatch;
import java.util.List;

/** Envoy's RBAC {@code Permission}: what a request or connection asks for. */
public sealed interface Permission {

  /** {@code any: true}. */
  record Any() implements Permission {}

  /** {@code and_rules}: every rule holds. */
  record And(List<Permission> rules) implements Permission {
    public And {
      rules = List.copyOf(rules);
    }
  }

  /** {@code or_rules}: some rule holds. */
  record Or(List<Permission> rules) implements Permission {
    public Or {
      rules = List.copyOf(rules);
    }
  }

  /** {@code not_rule}. */
  record Not(Permission rule) implements Permission {
    public Not {
      requireNonNull(rule, "rule");
    }
  }

  /** {@code header}: a request header (pseudo-headers included); never on a TCP connection. */
  record Header(HeaderMatch match) implements Permission {
    public Header {
      requireNonNull(match, "match");
    }
  }

  /** {@code url_path}: the request path without query and fragment. */
  record UrlPath(StringMatch path) implements Permission {
    public UrlPath {
      requireNonNull(path, "path");
    }
  }

  /** {@code destination_port}: the port the connection was accepted on. */
  record DestinationPort(int port) implements Permission {
    public DestinationPort {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
      }
    }
  }

  /** {@code destination_ip}: the address the connection was accepted on. */
  record DestinationIp(Cidr range) implements Permission {
    public DestinationIp {
      requireNonNull(range, "range");
    }
  }
}
