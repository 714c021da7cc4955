/** Health checks of the local app (HTTP, TCP, command) with thresholds, off the event loops. */
@NullMarked
package io.meshbridge.agent.health;

import org.jspecify.annotations.NullMarked;
