package io.meshbridge.proxy.config.rbac;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.StringMatch;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Envoy's RBAC {@code Principal}: who asks. */
public sealed interface Principal {

  /** {@code any: true}. */
  record Any() implements Principal {}

  /** {@code and_ids}: every id holds. */
  record And(List<Principal> ids) implements Principal {
    public And {
      ids = List.copyOf(ids);
    }
  }

  /** {@code or_ids}: some id holds. */
  record Or(List<Principal> ids) implements Principal {
    public Or {
      ids = List.copyOf(ids);
    }
  }

  /** {@code not_id}. */
  record Not(Principal id) implements Principal {
    public Not {
      requireNonNull(id, "id");
    }
  }

  /**
   * {@code authenticated}: the connection is TLS with a verified peer, and (when {@code name} is
   * set) the peer's URI SAN matches it.
   */
  record Authenticated(@Nullable StringMatch name) implements Principal {}

  /**
   * {@code direct_remote_ip}, {@code remote_ip} or {@code source_ip}: the peer address of the
   * downstream connection (this proxy reads no PROXY protocol or {@code x-forwarded-for}, so the
   * three are the same address).
   */
  record RemoteIp(Kind kind, Cidr range) implements Principal {
    public RemoteIp {
      requireNonNull(kind, "kind");
      requireNonNull(range, "range");
    }

    /** Which Envoy field it came from (for equality with the config and config dumps). */
    public enum Kind {
      DIRECT_REMOTE_IP,
      REMOTE_IP,
      SOURCE_IP
    }
  }

  /** {@code header}: a request header; never on a TCP connection. */
  record Header(HeaderMatch match) implements Principal {
    public Header {
      requireNonNull(match, "match");
    }
  }

  /** {@code url_path}: the request path without query and fragment. */
  record UrlPath(StringMatch path) implements Principal {
    public UrlPath {
      requireNonNull(path, "path");
    }
  }
}
