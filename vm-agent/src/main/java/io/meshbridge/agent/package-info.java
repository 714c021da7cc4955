/** The {@code meshbridge-agent} daemon: runs the proxy on a VM and joins it to the estate. */
@NullMarked
package io.meshbridge.agent;

import org.jspecify.annotations.NullMarked;
