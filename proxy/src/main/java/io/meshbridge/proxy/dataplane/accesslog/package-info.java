/**
 * The proxy's access log: one {@link io.meshbridge.proxy.dataplane.accesslog.RequestLog} per
 * request, filled in as the request goes (response flags included), written as one JSON line on
 * the {@code meshbridge.access} logger when the request ends.
 */
@NullMarked
package io.meshbridge.proxy.dataplane.accesslog;

import org.jspecify.annotations.NullMarked;
