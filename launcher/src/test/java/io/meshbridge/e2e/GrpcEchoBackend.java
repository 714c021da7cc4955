package io.meshbridge.e2e;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real gRPC server answering one unary method, {@code meshbridge.test.Echo/Who}, with its own
 * name. Strings are marshalled as UTF-8 bytes, so no generated code is needed.
 */
final class GrpcEchoBackend implements AutoCloseable {

  static final MethodDescriptor<String, String> WHO =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("meshbridge.test.Echo", "Who"))
          .setRequestMarshaller(Utf8Marshaller.INSTANCE)
          .setResponseMarshaller(Utf8Marshaller.INSTANCE)
          .build();

  private final String name;
  private final Server server;
  private final AtomicLong calls = new AtomicLong();

  GrpcEchoBackend(String name) {
    this.name = name;
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("meshbridge.test.Echo")
            .addMethod(
                WHO,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      calls.incrementAndGet();
                      response.onNext(name);
                      response.onCompleted();
                    }))
            .build();
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(service)
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("gRPC backend " + name + ": cannot start", e);
    }
  }

  String name() {
    return name;
  }

  int port() {
    return server.getPort();
  }

  long calls() {
    return calls.get();
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private enum Utf8Marshaller implements MethodDescriptor.Marshaller<String> {
    INSTANCE;

    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read a gRPC message", e);
      }
    }
  }
}
