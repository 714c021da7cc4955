/**
 * The immutable, pre-compiled view of one {@code ProxyConfig} that every request reads once at its
 * start.
 */
@NullMarked
package io.meshbridge.proxy.dataplane.snapshot;

import org.jspecify.annotations.NullMarked;
