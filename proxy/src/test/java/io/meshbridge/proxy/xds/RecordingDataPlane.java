package io.meshbridge.proxy.xds;

import io.meshbridge.proxy.DataPlane;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A data plane that records every config and serves the last one, except listeners it was told to
 * fail binding: those keep their previous version, as the {@link DataPlane} contract says.
 * Completes each apply on another thread, as a real one does once listeners are bound.
 */
final class RecordingDataPlane implements DataPlane {

  private final List<ProxyConfig> applied = new CopyOnWriteArrayList<>();
  private final Map<String, String> bindFailures = new ConcurrentHashMap<>();
  private volatile ProxyConfig serving = ProxyConfig.EMPTY;

  /** From now on, binding a new version of {@code listener} fails with {@code reason}. */
  void failBinding(String listener, String reason) {
    bindFailures.put(listener, reason);
  }

  /** Every config handed over, oldest first. */
  List<ProxyConfig> applied() {
    return List.copyOf(applied);
  }

  /** What it serves now. */
  ProxyConfig serving() {
    return serving;
  }

  @Override
  public synchronized CompletableFuture<Map<String, String>> apply(ProxyConfig config) {
    applied.add(config);
    Map<String, ListenerConfig> listeners = new HashMap<>(config.listeners());
    Map<String, String> refused = new HashMap<>();
    config.listeners().forEach((name, listener) -> {
      ListenerConfig previous = serving.listeners().get(name);
      if (bindFailures.containsKey(name) && !listener.equals(previous)) {
        refused.put(name, bindFailures.get(name));
        if (previous == null) {
          listeners.remove(name);
        } else {
          listeners.put(name, previous);
        }
      }
    });
    serving = new ProxyConfig(listeners, config.routes(), config.clusters(), config.endpoints());
    return CompletableFuture.supplyAsync(() -> refused);
  }

  @Override
  public void close() {}
}
