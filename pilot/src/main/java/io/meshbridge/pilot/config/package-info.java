/** Dropwizard configuration: the xDS server, debouncing, and the registries (polymorphic on {@code type}). */
@NullMarked
package io.meshbridge.pilot.config;

import org.jspecify.annotations.NullMarked;
