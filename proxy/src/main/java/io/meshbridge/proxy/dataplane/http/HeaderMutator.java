package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.HeaderMutations.HeaderValue;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/** Applies Envoy's header add/remove lists to a message head, in place. */
final class HeaderMutator {

  private HeaderMutator() {}

  /** Removes {@code remove}, then adds {@code add} with each value's append action. */
  static void apply(HttpHeaders headers, List<HeaderValue> add, List<String> remove) {
    for (String name : remove) {
      headers.remove(name);
    }
    for (HeaderValue h : add) {
      switch (h.action()) {
        case APPEND -> headers.add(h.name(), h.value());
        case OVERWRITE -> headers.set(h.name(), h.value());
        case ADD_IF_ABSENT -> {
          if (!headers.contains(h.name())) {
            headers.add(h.name(), h.value());
          }
        }
      }
    }
  }
}
