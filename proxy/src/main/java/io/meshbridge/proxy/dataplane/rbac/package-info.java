/**
 * The RBAC engine: Envoy's {@code RBAC} policies evaluated against one request or connection
 * ({@link io.meshbridge.proxy.dataplane.rbac.RbacEngine}, pure), and the filters that enforce them
 * and count the outcome ({@link io.meshbridge.proxy.dataplane.rbac.RbacFilter}).
 */
@NullMarked
package io.meshbridge.proxy.dataplane.rbac;

import org.jspecify.annotations.NullMarked;
