package io.meshbridge.e2e;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
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
 * A real gRPC server (grpc-java, Netty, h2c) of {@code meshbridge.test.Echo}: the unary {@code Who}
 * answers its own name (or, for a backend made {@link #unavailable}, fails with UNAVAILABLE), the
 * server-streaming {@code Count} answers "n" with n messages "name-0" .. "name-(n-1)". Strings are
 * marshalled as UTF-8 bytes, so no generated code is needed.
 */
final class GrpcEchoBackend implements AutoCloseable {

  static final MethodDescriptor<String, String> WHO =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("meshbridge.test.Echo", "Who"))
          .setRequestMarshaller(Utf8Marshaller.INSTANCE)
          .setResponseMarshaller(Utf8Marshaller.INSTANCE)
          .build();

  static final MethodDescriptor<String, String> COUNT =
      WHO.toBuilder()
          .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
          .setFullMethodName(
              MethodDescriptor.generateFullMethodName("meshbridge.test.Echo", "Count"))
          .build();

  private final String name;
  private final Server server;
  private final AtomicLong calls = new AtomicLong();

  GrpcEchoBackend(String name) {
    this(name, false);
  }

  /** A backend whose {@code Who} always fails with UNAVAILABLE. */
  static GrpcEchoBackend unavailable(String name) {
    return new GrpcEchoBackend(name, true);
  }

  private GrpcEchoBackend(String name, boolean unavailable) {
    this.name = name;
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("meshbridge.test.Echo")
            .addMethod(
                WHO,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      calls.incrementAndGet();
                      if (unavailable) {
                        response.onError(Status.UNAVAILABLE.withDescription(name).asException());
                        return;
                      }
                      response.onNext(name);
                      response.onCompleted();
                    }))
            .addMethod(
                COUNT,
                ServerCalls.asyncServerStreamingCall(
                    (request, response) -> {
                      for (int i = 0; i < Integer.parseInt(request); i++) {
                        response.onNext(name + "-" + i);
                      }
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
