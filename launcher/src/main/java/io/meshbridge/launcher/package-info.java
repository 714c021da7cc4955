/** The {@code meshbridge} command, which runs each of Meshbridge's roles. */
@NullMarked
package io.meshbridge.launcher;

import org.jspecify.annotations.NullMarked;
