/**
 * TCP proxying ({@code tcp_proxy}): a byte relay between a downstream connection and an upstream
 * endpoint, with backpressure and half-close both ways; filter chains chosen by TLS SNI and
 * transport protocol, terminating TLS where a chain says so (else passing it through), and
 * originating TLS to clusters with a TLS transport socket.
 */
@NullMarked
package io.meshbridge.proxy.dataplane.tcp;

import org.jspecify.annotations.NullMarked;
