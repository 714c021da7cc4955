/**
 * The registry sync benchmark: each registry filled with the same mesh, a forked pilot watching it,
 * time to pilot's first full model, latency of one change to pilot's model and to an ACKing xDS
 * client, and pilot's memory.
 */
@NullMarked
package io.meshbridge.bench.registry;

import org.jspecify.annotations.NullMarked;
