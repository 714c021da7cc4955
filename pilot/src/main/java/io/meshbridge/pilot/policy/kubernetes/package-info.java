/**
 * Istio resources (networking.istio.io) read from a Kubernetes API server with fabric8 informers,
 * into the same parser and checks as files.
 */
@NullMarked
package io.meshbridge.pilot.policy.kubernetes;

import org.jspecify.annotations.NullMarked;
