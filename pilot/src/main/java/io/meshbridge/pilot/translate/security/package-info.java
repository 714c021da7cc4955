/**
 * The security half of translation (docs/xds.md, "Security → Envoy fields"): TLS transport
 * sockets, PeerAuthentication modes, AuthorizationPolicy as RBAC. Pure builders over policy values.
 */
@NullMarked
package io.meshbridge.pilot.translate.security;

import org.jspecify.annotations.NullMarked;
