/** Pure request matching: virtual hosts by Host (Envoy's domain rules), routes by path, headers
 * and query parameters. */
@NullMarked
package io.meshbridge.proxy.dataplane.route;

import org.jspecify.annotations.NullMarked;
