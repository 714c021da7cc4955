/** The in-process proxy: its generated bootstrap and the agent's view of it. */
@NullMarked
package io.meshbridge.agent.proxy;

import org.jspecify.annotations.NullMarked;
