/**
 * The data plane's counters and gauges, looked up once per listener and cluster, never per request.
 */
@NullMarked
package io.meshbridge.proxy.dataplane.stats;

import org.jspecify.annotations.NullMarked;
