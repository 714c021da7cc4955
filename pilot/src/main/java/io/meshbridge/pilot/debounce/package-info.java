/** Coalesces bursts of registry changes before translation. */
@NullMarked
package io.meshbridge.pilot.debounce;

import org.jspecify.annotations.NullMarked;
