/** Load balancer choice, kept per event loop so the hot path takes no lock. */
@NullMarked
package io.meshbridge.proxy.dataplane.lb;

import org.jspecify.annotations.NullMarked;
