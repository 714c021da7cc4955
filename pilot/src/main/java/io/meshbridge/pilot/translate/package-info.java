/** Pure translation of the mesh model into xDS v3 resources, as {@code docs/xds.md} specifies. */
@NullMarked
package io.meshbridge.pilot.translate;

import org.jspecify.annotations.NullMarked;
