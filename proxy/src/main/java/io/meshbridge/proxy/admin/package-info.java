/** The proxy's admin HTTP server: readiness, config dump and Prometheus stats. */
@NullMarked
package io.meshbridge.proxy.admin;

import org.jspecify.annotations.NullMarked;
