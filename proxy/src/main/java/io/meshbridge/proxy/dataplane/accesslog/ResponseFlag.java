package io.meshbridge.proxy.dataplane.accesslog;

/** Envoy's response flags: why a response is what it is, in Envoy's short names. */
public enum ResponseFlag {
  /** No healthy upstream endpoint (local 503). */
  UH,
  /** The upstream connection failed (local 503). */
  UF,
  /** Circuit breaker overflow (local 503). */
  UO,
  /** The upstream request timed out (local 504). */
  UT,
  /** The upstream connection was reset or closed before or during the response. */
  UC,
  /** A retriable outcome was not retried: the route's retries were used up. */
  URX,
  /** No route matched (local 404). */
  NR,
  /** The route's cluster does not exist (local 503). */
  NC,
  /** The request was aborted by fault injection. */
  FI,
  /** The request was delayed by fault injection. */
  DI,
  /** The request was refused by the local rate limit (local 429). */
  RL,
  /** The downstream connection closed before the response ended. */
  DC,
  /** An RBAC filter denied the request (local 403) or the connection. */
  RBAC,
  /** The downstream request was not valid HTTP (local 400). */
  DPE
}
