package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.DataPlane;
import io.meshbridge.proxy.config.ProxyConfig;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the client's configs to the data plane one at a time and remembers what it serves; adds
 * the local app's health to the inbound endpoints ({@link InboundHealth}). Confined to the client's
 * executor; completions come back to it, then {@code idle} runs (the client's queue drain).
 */
final class ConfigApplier {

  /** What follows an apply: the config the data plane now serves, or null if unknown. */
  @FunctionalInterface
  interface Outcome {
    @Nullable ProxyConfig applied(Map<String, String> refused, @Nullable Throwable error);
  }

  private static final Logger log = LoggerFactory.getLogger(XdsClient.class);

  private final DataPlane dataPlane;
  private final Supplier<XdsState> state;
  private final Executor executor;
  private final Runnable idle;
  private @Nullable ProxyConfig applied;
  private boolean applying;
  /** Apply the current state again once the apply in flight is done. */
  private boolean reapply;
  private boolean inboundHealthy = true;

  ConfigApplier(DataPlane dataPlane, Supplier<XdsState> state, Executor executor, Runnable idle) {
    this.dataPlane = requireNonNull(dataPlane, "dataPlane");
    this.state = requireNonNull(state, "state");
    this.executor = requireNonNull(executor, "executor");
    this.idle = requireNonNull(idle, "idle");
  }

  boolean busy() {
    return applying;
  }

  /** The config from the accepted state, with the local app's health on the inbound endpoints. */
  ProxyConfig assemble() {
    return InboundHealth.apply(state.get().assemble(), inboundHealthy);
  }

  boolean serves(ProxyConfig config) {
    return config.equals(applied);
  }

  /** Sets what the data plane serves without applying (its empty start, before a preload). */
  void serving(ProxyConfig config) {
    applied = config;
  }

  /** Returns whether the health changed (then {@link #applyCurrent} it). */
  boolean inboundHealthy(boolean healthy) {
    boolean changed = inboundHealthy != healthy;
    inboundHealthy = healthy;
    return changed;
  }

  /**
   * Applies {@code config}; when done, {@code outcome} says what is served, then {@code then} and
   * {@code idle} run.
   */
  void apply(ProxyConfig config, Outcome outcome, Runnable then) {
    applying = true;
    CompletableFuture<Map<String, String>> result;
    try {
      result = requireNonNull(dataPlane.apply(config), "DataPlane.apply returned null");
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete((refused, error) -> executor.execute(() -> {
      applying = false;
      applied = outcome.applied(refused == null ? Map.of() : refused, error);
      then.run();
      idle.run();
      if (!applying && reapply) {
        reapply = false;
        applyCurrent(() -> { });
      }
    }));
  }

  /**
   * Applies the config as the state is now when no response will: without the resources an
   * unsubscription just dropped (the server may never answer for names no longer subscribed), or
   * with the inbound health changed. Waits for an apply in flight; nothing before a first config.
   */
  void applyCurrent(Runnable onApplied) {
    if (applying) {
      reapply = true;
      return;
    }
    ProxyConfig current = assemble();
    if (applied == null) {
      return;
    }
    if (current.equals(applied)) {
      onApplied.run();
      return;
    }
    apply(current, (refused, error) -> {
      if (error != null) {
        log.error("The data plane failed to apply the config", error);
        return null;
      }
      refused.forEach((name, why) -> log.warn("Listener {} refused: {}", name, why));
      onApplied.run();
      return refused.isEmpty() ? current : null;
    }, () -> { });
  }
}
