/**
 * The HTTP filters that run between routing and the router: local rate limit (a token bucket per
 * route) and fault injection (delay, abort).
 */
@NullMarked
package io.meshbridge.proxy.dataplane.filter;

import org.jspecify.annotations.NullMarked;
