package io.meshbridge.proxy.config;

/** The HTTP filters this proxy implements besides the router, by their Envoy names. */
public enum HttpFilter {
  FAULT("envoy.filters.http.fault"),
  CORS("envoy.filters.http.cors"),
  LOCAL_RATE_LIMIT("envoy.filters.http.local_ratelimit");

  private final String envoyName;

  HttpFilter(String envoyName) {
    this.envoyName = envoyName;
  }

  public String envoyName() {
    return envoyName;
  }
}
