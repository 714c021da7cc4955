/** The status file the daemon keeps in its state directory, and {@code meshbridge-agent status}. */
@NullMarked
package io.meshbridge.agent.status;

import org.jspecify.annotations.NullMarked;
