/** Merges the snapshots of every registry adapter into one {@code MeshModel}. */
@NullMarked
package io.meshbridge.pilot.aggregate;

import org.jspecify.annotations.NullMarked;
