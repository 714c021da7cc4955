/**
 * Meshbridge pilot, the control plane: {@link io.meshbridge.pilot.Pilot} embeds it, {@link
 * io.meshbridge.pilot.PilotApplication} runs it as a Dropwizard service.
 */
@NullMarked
package io.meshbridge.pilot;

import org.jspecify.annotations.NullMarked;
