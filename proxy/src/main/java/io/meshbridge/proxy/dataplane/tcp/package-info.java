/**
 * TCP proxying ({@code tcp_proxy}): a byte relay between a downstream connection and an upstream
 * endpoint, with backpressure and half-close both ways, and filter chains chosen by TLS SNI without
 * terminating TLS.
 */
@NullMarked
package io.meshbridge.proxy.dataplane.tcp;

import org.jspecify.annotations.NullMarked;
