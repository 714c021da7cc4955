package io.meshbridge.proxy.dns;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Resolves a host name to its addresses. Must not block the caller: {@link #system()} runs the
 * JDK's blocking lookup on threads of its own. Tests inject a fake.
 */
public interface DnsResolver extends AutoCloseable {

  /**
   * All addresses of {@code host}; fails (e.g. with {@link UnknownHostException}) when it cannot
   * be resolved.
   */
  CompletableFuture<List<InetAddress>> resolve(String host);

  /** Releases the resolver's threads, if it has any. */
  @Override
  default void close() {}

  /** The JDK resolver ({@link InetAddress#getAllByName}) on two daemon threads. */
  static DnsResolver system() {
    ThreadFactory daemons =
        r -> {
          Thread t = new Thread(r, "meshbridge-dns-cluster");
          t.setDaemon(true);
          return t;
        };
    ExecutorService blocking = Executors.newFixedThreadPool(2, daemons);
    return new DnsResolver() {
      @Override
      public CompletableFuture<List<InetAddress>> resolve(String host) {
        requireNonNull(host, "host");
        try {
          return CompletableFuture.supplyAsync(() -> lookup(host), blocking);
        } catch (RejectedExecutionException e) {
          return CompletableFuture.failedFuture(e);
        }
      }

      @Override
      public void close() {
        blocking.shutdownNow();
      }
    };
  }

  private static List<InetAddress> lookup(String host) {
    try {
      return List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }
}
