/** Meshbridge's data plane: an xDS-driven Netty proxy. */
@NullMarked
package io.meshbridge.proxy;

import org.jspecify.annotations.NullMarked;
