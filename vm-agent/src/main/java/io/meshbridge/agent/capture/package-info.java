/** Transparent capture: iptables REDIRECT of the app's outbound traffic to the proxy. */
@NullMarked
package io.meshbridge.agent.capture;

import org.jspecify.annotations.NullMarked;
