/**
 * Netflix Eureka, through its REST API: {@link io.meshbridge.registry.eureka.EurekaRegistry} reads
 * the registry into the service model as Eureka's own clients do (a full fetch, then deltas checked
 * against the apps hash code); {@link io.meshbridge.registry.eureka.EurekaRegistrar} registers a
 * workload and keeps its lease alive.
 */
@NullMarked
package io.meshbridge.registry.eureka;

import org.jspecify.annotations.NullMarked;
