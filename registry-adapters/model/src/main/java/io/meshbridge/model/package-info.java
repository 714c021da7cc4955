/**
 * The one service model every registry is read into, and the SPI adapters publish through.
 *
 * <p>Values here are immutable records validated in their constructors, so a value that exists is a
 * value that is valid.
 */
@NullMarked
package io.meshbridge.model;

import org.jspecify.annotations.NullMarked;
