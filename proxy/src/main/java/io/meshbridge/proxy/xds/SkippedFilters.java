package io.meshbridge.proxy.xds;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each optional HTTP filter this proxy skips once. Confined to the client's executor. */
final class SkippedFilters {

  private static final Logger log = LoggerFactory.getLogger(XdsClient.class);

  private final Set<String> logged = new HashSet<>();

  void log(Collection<ListenerResource> listeners) {
    for (ListenerResource listener : listeners) {
      for (String filter : listener.skippedHttpFilters()) {
        if (logged.add(filter)) {
          log.info("Listener {}: skipping optional HTTP filter {}, which this proxy does not "
              + "implement (logged once per filter)", listener.name(), filter);
        }
      }
    }
  }
}
