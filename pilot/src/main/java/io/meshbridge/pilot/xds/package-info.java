/** Serves translated resources over ADS with java-control-plane, and tracks connected proxies. */
@NullMarked
package io.meshbridge.pilot.xds;

import org.jspecify.annotations.NullMarked;
