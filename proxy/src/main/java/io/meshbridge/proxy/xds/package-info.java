/**
 * The proxy's xDS side: converts Envoy v3 resources into {@link io.meshbridge.proxy.config}
 * records (one pure converter per resource family) and runs the state-of-the-world ADS client that
 * feeds them to the {@link io.meshbridge.proxy.DataPlane}.
 */
@NullMarked
package io.meshbridge.proxy.xds;

import org.jspecify.annotations.NullMarked;
