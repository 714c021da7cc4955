/**
 * Reads the proxy's Envoy-style bootstrap file (YAML or JSON) and validates it into a {@link
 * io.meshbridge.proxy.bootstrap.ProxyBootstrap}: who this node is, where the xDS servers are and
 * where the admin endpoint listens.
 */
@NullMarked
package io.meshbridge.proxy.bootstrap;

import org.jspecify.annotations.NullMarked;
