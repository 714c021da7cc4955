/**
 * Downstream HTTP/1.1: one request at a time per connection, routed and streamed to an upstream.
 */
@NullMarked
package io.meshbridge.proxy.dataplane.http;

import org.jspecify.annotations.NullMarked;
