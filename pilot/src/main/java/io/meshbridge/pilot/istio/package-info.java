/**
 * The {@code istio-config} registry: Istio ServiceEntries and WorkloadEntries turned into services
 * and endpoints of the mesh model, merged with every other registry's.
 */
@NullMarked
package io.meshbridge.pilot.istio;

import org.jspecify.annotations.NullMarked;
