package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;

/**
 * Where a registry's cluster objects come from: fabric8 informers ({@link InformerSource}), or a
 * fake in tests. Each watch has a name such as {@code services in shop}.
 */
interface ClusterSource extends AutoCloseable {

  /** The names of every watch this source runs; each reports {@link Sink#listed} when ready. */
  Set<String> watches();

  /** Starts every watch; events go to {@code sink}, from any thread. Returns promptly. */
  void start(Sink sink);

  /** The watches that are not connected right now (listing, reconnecting, or never started). */
  Set<String> notWatching();

  @Override
  void close();

  /** Receives objects and watch states; implementations hand them to the registry's thread. */
  interface Sink {
    void upsert(HasMetadata object);

    void delete(HasMetadata object);

    /** A watch finished a (re)list: what it delivered so far is complete. */
    void listed(String watch);

    /** A watch gave up for good (e.g. forbidden): it is no longer waited for. */
    void unavailable(String watch, String reason);
  }
}
