/** Test fixtures: model builders, in-memory registry, fake serial executor, ADS test clients. */
@NullMarked
package io.meshbridge.pilot.testing;

import org.jspecify.annotations.NullMarked;
