/** TLS on the data plane: downstream and upstream transport sockets, secrets, peer identity. */
@NullMarked
package io.meshbridge.proxy.dataplane.tls;

import org.jspecify.annotations.NullMarked;
