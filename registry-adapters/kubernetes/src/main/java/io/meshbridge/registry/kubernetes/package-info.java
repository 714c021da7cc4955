/**
 * A registry adapter that watches a Kubernetes API server (Services, EndpointSlices, Pods, Nodes)
 * into the service model, and a registrar that puts a VM workload into a cluster as an
 * EndpointSlice.
 */
@NullMarked
package io.meshbridge.registry.kubernetes;

import org.jspecify.annotations.NullMarked;
