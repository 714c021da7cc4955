/**
 * The Netty data plane: listeners, HTTP/1.1 proxying, upstream pools; {@link
 * io.meshbridge.proxy.dataplane.NettyDataPlane} is the entry point.
 */
@NullMarked
package io.meshbridge.proxy.dataplane;

import org.jspecify.annotations.NullMarked;
