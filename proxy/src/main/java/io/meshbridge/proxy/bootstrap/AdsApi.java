package io.meshbridge.proxy.bootstrap;

/**
 * Which variant of ADS the proxy speaks, from the bootstrap's {@code
 * dynamic_resources.ads_config.api_type} (Envoy's field and values).
 */
public enum AdsApi {
  /**
   * {@code api_type: GRPC}: state of the world ({@code StreamAggregatedResources}). Every response
   * of a type lists all its resources; one changed endpoint resends every load assignment.
   */
  STATE_OF_THE_WORLD,
  /**
   * {@code api_type: DELTA_GRPC}: incremental ({@code DeltaAggregatedResources}). Responses carry
   * only the resources that changed and the names of those removed.
   */
  DELTA
}
