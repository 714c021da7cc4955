package io.meshbridge.proxy.dataplane;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.ListenerConfig;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Diffs listeners by name and binds, keeps or drains sockets to match. Confined to the control
 * executor: every method runs there, and bind results hop back to it before touching state.
 */
final class ListenerManager {

  private static final Logger log = LoggerFactory.getLogger(ListenerManager.class);

  /** Binds a socket for a listener; the channel's accepted connections belong to {@code socket}. */
  interface Binder {
    ChannelFuture bind(String listenerName, ListenerSocket socket);
  }

  private final Binder binder;
  private final ScheduledExecutorService control;
  private final Duration drainTimeout;
  private final Map<String, ListenerSocket> bound = new HashMap<>();
  private volatile Map<String, InetSocketAddress> addresses = Map.of();

  ListenerManager(Binder binder, ScheduledExecutorService control, Duration drainTimeout) {
    this.binder = requireNonNull(binder, "binder");
    this.control = requireNonNull(control, "control");
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
  }

  /**
   * Makes the bound listeners match {@code wanted}. Completes, once every bind has finished, with
   * the listeners that could not be bound (name → reason); those keep their previous socket.
   */
  CompletableFuture<Map<String, String>> update(Map<String, ListenerConfig> wanted) {
    for (String name : List.copyOf(bound.keySet())) {
      if (!wanted.containsKey(name)) {
        log.info("Listener {} removed: draining its connections", name);
        bound.remove(name).drain(drainTimeout, control);
      }
    }
    Map<String, String> errors = new HashMap<>();
    List<CompletableFuture<Void>> binds = new ArrayList<>();
    wanted.forEach(
        (name, config) -> {
          ListenerSocket current = bound.get(name);
          if (current != null && sameAddress(current.config(), config)) {
            current.config(config);
          } else {
            binds.add(bind(name, config, current, errors));
          }
        });
    return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              publishAddresses();
              return Map.copyOf(errors);
            });
  }

  /** The configs of the listeners actually bound. */
  Map<String, ListenerConfig> applied() {
    Map<String, ListenerConfig> configs = new HashMap<>();
    bound.forEach((name, socket) -> configs.put(name, socket.config()));
    return configs;
  }

  /** Where listener {@code name} is bound (the real port when the config says 0). Any thread. */
  Optional<InetSocketAddress> address(String name) {
    return Optional.ofNullable(addresses.get(name));
  }

  /** Stops every listener and drains its connections. */
  CompletableFuture<Void> closeAll() {
    List<CompletableFuture<Void>> drains = new ArrayList<>();
    bound.values().forEach(socket -> drains.add(socket.drain(drainTimeout, control)));
    bound.clear();
    publishAddresses();
    return CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> bind(
      String name,
      ListenerConfig config,
      @Nullable ListenerSocket previous,
      Map<String, String> errors) {
    ListenerSocket fresh = new ListenerSocket(name, config);
    CompletableFuture<Void> done = new CompletableFuture<>();
    binder
        .bind(name, fresh)
        .addListener(
            (ChannelFuture f) ->
                control.execute(
                    () -> {
                      if (f.isSuccess()) {
                        fresh.bound(f.channel());
                        bound.put(name, fresh);
                        log.info("Listener {} bound to {}", name, fresh.localAddress());
                        if (previous != null) {
                          previous.drain(drainTimeout, control); // bind the new, then close the old
                        }
                      } else {
                        String reason = BindErrors.describe(config, f.cause());
                        log.warn("Listener {}: {}", name, reason);
                        errors.put(name, reason);
                      }
                      done.complete(null);
                    }));
    return done;
  }

  private void publishAddresses() {
    Map<String, InetSocketAddress> now = new HashMap<>();
    bound.forEach(
        (name, socket) -> {
          InetSocketAddress a = socket.localAddress();
          if (a != null) {
            now.put(name, a);
          }
        });
    addresses = Map.copyOf(now);
  }

  private static boolean sameAddress(ListenerConfig a, ListenerConfig b) {
    // IP_TRANSPARENT is a socket option: a change needs a new socket.
    return a.host().equals(b.host()) && a.port() == b.port()
        && a.capture().transparent() == b.capture().transparent();
  }
}
