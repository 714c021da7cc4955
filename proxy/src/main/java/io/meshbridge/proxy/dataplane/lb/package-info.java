/** Load balancer choice: shared per cluster, lock-free on the hot path. */
@NullMarked
package io.meshbridge.proxy.dataplane.lb;

import org.jspecify.annotations.NullMarked;
