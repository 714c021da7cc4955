/**
 * WorkloadEntry auto-registration, as Istio's: a proxy whose node metadata names a WorkloadGroup
 * ({@code AUTO_REGISTER_GROUP}) gets a WorkloadEntry made from that group's template while it is
 * connected, and for a grace period after.
 */
@NullMarked
package io.meshbridge.pilot.autoregister;

import org.jspecify.annotations.NullMarked;
