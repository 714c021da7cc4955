/** Counters and gauges, exported in Prometheus' text format. */
@NullMarked
package io.meshbridge.proxy.stats;

import org.jspecify.annotations.NullMarked;
