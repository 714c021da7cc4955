package io.meshbridge.registry.consul;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kiwiproject.consul.model.health.ServiceHealth;

/**
 * The two blocking reads the registry makes, asynchronously; answers arrive on the HTTP client's
 * threads. The seam between the watch logic and consul-client.
 */
interface ConsulReads {

  /** {@code GET /v1/catalog/services?dc=&index=&wait=}. */
  void services(
      String datacenter, long index, Duration wait, Answer<Map<String, List<String>>> answer);

  /** {@code GET /v1/health/service/<name>?passing&dc=&index=&wait=}. */
  void passingInstances(
      String datacenter,
      String service,
      long index,
      Duration wait,
      Answer<List<ServiceHealth>> answer);

  /** Releases connections and threads. */
  void close();

  /** Receives one answer: the body and {@code X-Consul-Index}, or why there is none. */
  interface Answer<T> {
    void onResult(T body, long index);

    void onFailure(Throwable failure);
  }
}
