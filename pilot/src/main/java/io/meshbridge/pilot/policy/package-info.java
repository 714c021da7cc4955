/**
 * Istio traffic policy (networking.istio.io v1 and v1beta1 VirtualService and DestinationRule),
 * read from YAML files into immutable values: a supported subset, everything else rejected with
 * an error naming kind, namespace/name and field path.
 */
@NullMarked
package io.meshbridge.pilot.policy;

import org.jspecify.annotations.NullMarked;
