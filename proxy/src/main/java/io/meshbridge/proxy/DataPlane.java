package io.meshbridge.proxy;

import io.meshbridge.proxy.config.ProxyConfig;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What serves traffic. The xDS client hands it each complete, validated {@link ProxyConfig}; it
 * switches to it atomically without dropping in-flight requests or open connections.
 */
public interface DataPlane extends AutoCloseable {

  /**
   * Applies {@code config} as a whole: routes, clusters and endpoints switch at once for new
   * requests; listeners are bound, kept or closed (after draining) to match.
   *
   * @return completes once listeners are bound, with the listeners that could not be applied
   *     (listener name → reason, e.g. {@code "cannot bind 127.0.0.1:8080: Address already in use"});
   *     such a listener keeps its previous version if it had one
   */
  CompletableFuture<Map<String, String>> apply(ProxyConfig config);

  /** Stops accepting, closes listeners and upstream connections. */
  @Override
  void close();
}
