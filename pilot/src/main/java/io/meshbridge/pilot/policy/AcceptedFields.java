package io.meshbridge.pilot.policy;

import java.util.Set;

/**
 * The one list of the Istio fields (and Meshbridge annotations) pilot accepts, by the Istio message
 * that holds them. Every reader checks an object against its set before reading anything, so taking
 * a name out of a set here makes pilot reject that field again ({@code not supported}) with no
 * other change: this is the switch for a field the proxy does not implement.
 */
final class AcceptedFields {

  // VirtualService
  static final Set<String> VIRTUAL_SERVICE = Set.of("hosts", "gateways", "http", "tcp", "tls");
  static final Set<String> HTTP_ROUTE =
      Set.of(
          "name", "match", "route", "timeout", "retries", "headers", "rewrite", "redirect",
          "directResponse", "fault", "mirror", "mirrorPercentage", "mirrors", "corsPolicy");
  static final Set<String> HTTP_MATCH =
      Set.of("name", "uri", "headers", "method", "authority", "port", "queryParams",
          "sourceLabels", "ignoreUriCase");
  static final Set<String> HTTP_ROUTE_DESTINATION = Set.of("destination", "weight", "headers");
  static final Set<String> DESTINATION = Set.of("host", "subset", "port");
  static final Set<String> PORT_SELECTOR = Set.of("number");
  static final Set<String> RETRIES =
      Set.of("attempts", "perTryTimeout", "retryOn", "retryRemoteLocalities");
  static final Set<String> HEADERS = Set.of("request", "response");
  static final Set<String> HEADER_OPERATIONS = Set.of("set", "add", "remove");
  static final Set<String> REWRITE = Set.of("uri", "authority", "uriRegexRewrite");
  static final Set<String> REGEX_REWRITE = Set.of("match", "rewrite");
  static final Set<String> REDIRECT =
      Set.of("uri", "authority", "port", "derivePort", "scheme", "redirectCode");
  static final Set<String> DIRECT_RESPONSE = Set.of("status", "body");
  static final Set<String> DIRECT_RESPONSE_BODY = Set.of("string");
  static final Set<String> FAULT = Set.of("delay", "abort");
  static final Set<String> FAULT_DELAY = Set.of("fixedDelay", "percentage");
  static final Set<String> FAULT_ABORT = Set.of("httpStatus", "grpcStatus", "percentage");
  static final Set<String> PERCENT = Set.of("value");
  static final Set<String> MIRROR_POLICY = Set.of("destination", "percentage");
  static final Set<String> CORS_POLICY =
      Set.of("allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge",
          "allowCredentials", "unmatchedPreflights");
  static final Set<String> TCP_ROUTE = Set.of("match", "route");
  static final Set<String> TCP_MATCH = Set.of("port", "sourceLabels");
  static final Set<String> TLS_ROUTE = Set.of("match", "route");
  static final Set<String> TLS_MATCH = Set.of("port", "sniHosts", "sourceLabels");
  static final Set<String> ROUTE_DESTINATION = Set.of("destination", "weight");

  /** Meshbridge annotations of a VirtualService; other {@code meshbridge.io/} ones are rejected. */
  static final Set<String> VIRTUAL_SERVICE_ANNOTATIONS =
      Set.of("meshbridge.io/retry-non-idempotent", "meshbridge.io/local-rate-limit.*");

  // DestinationRule
  static final Set<String> DESTINATION_RULE = Set.of("host", "subsets", "trafficPolicy");
  static final Set<String> SUBSET = Set.of("name", "labels", "trafficPolicy");
  static final Set<String> TRAFFIC_POLICY =
      Set.of("loadBalancer", "connectionPool", "outlierDetection", "portLevelSettings", "tls");
  static final Set<String> PORT_TRAFFIC_POLICY =
      Set.of("port", "loadBalancer", "connectionPool", "outlierDetection", "tls");
  static final Set<String> LOAD_BALANCER = Set.of("simple", "consistentHash", "localityLbSetting");
  static final Set<String> LOCALITY_LB_SETTING =
      Set.of("enabled", "failover", "distribute", "failoverPriority");
  static final Set<String> LOCALITY_DISTRIBUTE = Set.of("from", "to");
  static final Set<String> LOCALITY_FAILOVER = Set.of("from", "to");
  static final Set<String> CONSISTENT_HASH =
      Set.of("httpHeaderName", "httpCookie", "useSourceIp", "httpQueryParameterName", "ringHash",
          "maglev", "minimumRingSize");
  static final Set<String> HTTP_COOKIE = Set.of("name", "path", "ttl");
  static final Set<String> RING_HASH = Set.of("minimumRingSize");
  static final Set<String> MAGLEV = Set.of("tableSize");
  static final Set<String> CONNECTION_POOL = Set.of("tcp", "http");
  static final Set<String> TCP_SETTINGS = Set.of("maxConnections", "connectTimeout");
  static final Set<String> HTTP_SETTINGS =
      Set.of("http1MaxPendingRequests", "http2MaxRequests", "maxRequestsPerConnection",
          "maxRetries", "idleTimeout", "h2UpgradePolicy");
  static final Set<String> OUTLIER_DETECTION =
      Set.of("consecutive5xxErrors", "consecutiveGatewayErrors", "interval", "baseEjectionTime",
          "maxEjectionPercent", "minHealthPercent");

  /** Meshbridge annotations of a DestinationRule; other {@code meshbridge.io/} ones are rejected. */
  static final Set<String> DESTINATION_RULE_ANNOTATIONS =
      Set.of("meshbridge.io/load-balancer", "meshbridge.io/peak-ewma-decay");

  /** {@code trafficPolicy.tls}; {@code credentialName} is named here to reject it by name. */
  static final Set<String> CLIENT_TLS =
      Set.of("mode", "caCertificates", "clientCertificate", "privateKey", "sni",
          "subjectAltNames", "insecureSkipVerify", "credentialName");

  // security.istio.io
  static final Set<String> WORKLOAD_SELECTOR = Set.of("matchLabels");
  static final Set<String> PEER_AUTHENTICATION = Set.of("selector", "mtls", "portLevelMtls");
  static final Set<String> PEER_AUTHENTICATION_MTLS = Set.of("mode");
  static final Set<String> AUTHORIZATION_POLICY = Set.of("selector", "action", "rules");
  static final Set<String> AUTHORIZATION_RULE = Set.of("from", "to", "when");
  static final Set<String> RULE_FROM = Set.of("source");
  static final Set<String> RULE_TO = Set.of("operation");
  static final Set<String> RULE_SOURCE =
      Set.of("principals", "notPrincipals", "namespaces", "notNamespaces", "ipBlocks",
          "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks");
  static final Set<String> RULE_OPERATION =
      Set.of("hosts", "notHosts", "ports", "notPorts", "methods", "notMethods", "paths",
          "notPaths");
  /** {@code when[]}; which keys are accepted is in {@code AuthorizationPolicyReader}. */
  static final Set<String> RULE_CONDITION = Set.of("key", "values", "notValues");

  private AcceptedFields() {}
}
