/**
 * What every registry adapter needs around its own watching: a start-once, close-once life with
 * one thread ({@link RegistryLifecycle}), and numbered snapshots published only when they change
 * ({@link SnapshotSequencer}). JDK only, like the rest of the model: they log through {@link
 * java.lang.System.Logger}, which pilot routes to SLF4J.
 */
@NullMarked
package io.meshbridge.model.support;

import org.jspecify.annotations.NullMarked;
