/** Pure request matching: virtual hosts by Host (Envoy's domain rules) and routes by path. */
@NullMarked
package io.meshbridge.proxy.dataplane.route;

import org.jspecify.annotations.NullMarked;
