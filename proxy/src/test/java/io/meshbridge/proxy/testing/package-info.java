/** Test fixtures: real backends, clients, configs and the leak check. */
@NullMarked
package io.meshbridge.proxy.testing;

import org.jspecify.annotations.NullMarked;
