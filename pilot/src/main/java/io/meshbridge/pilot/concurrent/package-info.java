/** A serializing executor with injectable time, the one threading primitive pilot's components share. */
@NullMarked
package io.meshbridge.pilot.concurrent;

import org.jspecify.annotations.NullMarked;
