package io.meshbridge.model;

/** What the source registry says of an endpoint's health. Only {@link #HEALTHY} gets traffic. */
public enum HealthStatus {
  HEALTHY,
  UNHEALTHY,
  /** Going away: finishes what it has, takes nothing new (Kubernetes' terminating). */
  DRAINING,
  /** The registry does not say; treated as healthy, as Envoy does. */
  UNKNOWN
}
