/**
 * Upstream HTTP/1.1 connections: connecting, per-event-loop keep-alive pools, response delivery.
 */
@NullMarked
package io.meshbridge.proxy.dataplane.upstream;

import org.jspecify.annotations.NullMarked;
