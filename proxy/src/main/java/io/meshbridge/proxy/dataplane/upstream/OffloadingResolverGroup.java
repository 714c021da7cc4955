package io.meshbridge.proxy.dataplane.upstream;

import static java.util.Objects.requireNonNull;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Resolves endpoint host names with the JDK resolver on a separate executor, so a slow DNS lookup
 * never blocks an event loop (Netty's default resolver calls the JDK inline). IP literals, the
 * common case for endpoints, are parsed in place.
 */
public final class OffloadingResolverGroup extends AddressResolverGroup<InetSocketAddress> {

  private final Executor blocking;

  public OffloadingResolverGroup(Executor blocking) {
    this.blocking = requireNonNull(blocking, "blocking");
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new Resolver(executor, blocking).asAddressResolver();
  }

  private static final class Resolver extends InetNameResolver {

    private final Executor blocking;

    Resolver(EventExecutor executor, Executor blocking) {
      super(executor);
      this.blocking = blocking;
    }

    @Override
    protected void doResolve(String host, Promise<InetAddress> promise) {
      InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
      if (literal != null) {
        promise.setSuccess(literal);
        return;
      }
      offload(promise, () -> promise.trySuccess(InetAddress.getByName(host)));
    }

    @Override
    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
      InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
      if (literal != null) {
        promise.setSuccess(List.of(literal));
        return;
      }
      offload(promise, () -> promise.trySuccess(Arrays.asList(InetAddress.getAllByName(host))));
    }

    private void offload(Promise<?> promise, Lookup lookup) {
      try {
        blocking.execute(
            () -> {
              try {
                lookup.run();
              } catch (UnknownHostException e) {
                promise.tryFailure(e);
              }
            });
      } catch (RejectedExecutionException e) {
        promise.tryFailure(e);
      }
    }
  }

  private interface Lookup {
    void run() throws UnknownHostException;
  }
}
