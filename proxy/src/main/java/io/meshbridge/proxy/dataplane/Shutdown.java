package io.meshbridge.proxy.dataplane;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bounded waits for {@link NettyDataPlane#close()}; never waits when called on an event loop. */
final class Shutdown {

  private static final Logger log = LoggerFactory.getLogger(Shutdown.class);
  private static final long GROUP_TIMEOUT_SECONDS = 3;

  private Shutdown() {}

  static void await(CompletableFuture<?> f, Duration bound, String what, boolean onEventLoop) {
    if (onEventLoop) {
      return;
    }
    try {
      f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Interrupted while waiting for {}", what);
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Gave up waiting for {} after {}", what, bound, e);
    }
  }

  static void groups(boolean onEventLoop, EventLoopGroup... groups) {
    Future<?>[] terminations = new Future<?>[groups.length];
    for (int i = 0; i < groups.length; i++) {
      terminations[i] = groups[i].shutdownGracefully(0, GROUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    if (onEventLoop) {
      return;
    }
    for (Future<?> t : terminations) {
      if (!t.awaitUninterruptibly(GROUP_TIMEOUT_SECONDS + 2, TimeUnit.SECONDS)) {
        log.warn("Event loops did not terminate within {} s", GROUP_TIMEOUT_SECONDS + 2);
      }
    }
  }
}
