/**
 * The proxy's own, validated view of its configuration: what the xDS client makes of Envoy
 * resources, and all the data plane ever reads. Immutable; a new {@link
 * io.meshbridge.proxy.config.ProxyConfig} replaces the old one whole.
 */
@NullMarked
package io.meshbridge.proxy.config;

import org.jspecify.annotations.NullMarked;
