/** systemd's {@code Type=notify} protocol: READY, WATCHDOG and STOPPING over {@code NOTIFY_SOCKET}. */
@NullMarked
package io.meshbridge.agent.systemd;

import org.jspecify.annotations.NullMarked;
