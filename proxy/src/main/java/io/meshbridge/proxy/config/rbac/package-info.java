/**
 * Envoy's RBAC ({@code envoy.config.rbac.v3}) as the proxy runs it: rules of named policies, each
 * a set of permissions (what is asked) and principals (who asks), validated and compiled (regexes
 * compiled, CIDR ranges parsed) when the listener is converted, never per request.
 */
@NullMarked
package io.meshbridge.proxy.config.rbac;

import org.jspecify.annotations.NullMarked;
