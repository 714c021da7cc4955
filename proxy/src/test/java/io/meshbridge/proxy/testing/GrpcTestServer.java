package io.meshbridge.proxy.testing;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A real grpc-java server (Netty, HTTP/2 cleartext) on 127.0.0.1 with four methods of {@code
 * meshbridge.test.Echo}, strings marshalled as UTF-8 (no generated code): {@link #ECHO} (unary),
 * {@link #COUNT} (server streaming: "n" → "0" .. "n-1"), {@link #CHAT} (bidi: each message echoed),
 * {@link #FAIL} (unary, always NOT_FOUND with the request as description). {@link #ECHO} can
 * instead fail with UNAVAILABLE (see {@link EchoReply}); {@link #echoCalls()} counts its calls.
 */
public final class GrpcTestServer implements AutoCloseable {

  private static final String SERVICE = "meshbridge.test.Echo";
  public static final MethodDescriptor<String, String> ECHO = method("Echo", MethodType.UNARY);
  public static final MethodDescriptor<String, String> COUNT =
      method("Count", MethodType.SERVER_STREAMING);
  public static final MethodDescriptor<String, String> CHAT =
      method("Chat", MethodType.BIDI_STREAMING);
  public static final MethodDescriptor<String, String> FAIL = method("Fail", MethodType.UNARY);

  /** What {@link #ECHO} answers. */
  public enum EchoReply {
    /** The request. */
    ECHO,
    /** UNAVAILABLE in a trailers-only response: grpc-status in the response headers. */
    UNAVAILABLE,
    /** The request as one message, then UNAVAILABLE: grpc-status only in the trailers. */
    MESSAGE_THEN_UNAVAILABLE
  }

  /** The description of every UNAVAILABLE {@link #ECHO} answers. */
  public static final String UNAVAILABLE_TEXT = "echo is down";

  private final Server server;
  private final AtomicInteger echoCalls = new AtomicInteger();

  public GrpcTestServer() {
    this(null, EchoReply.ECHO);
  }

  public GrpcTestServer(EchoReply echo) {
    this(null, echo);
  }

  public GrpcTestServer(@Nullable Duration maxConnectionAge) {
    this(maxConnectionAge, EchoReply.ECHO);
  }

  /**
   * @param maxConnectionAge when set, the server sends GOAWAY to each connection this old (with
   *     a grace period for calls in flight), as grpc-java's {@code maxConnectionAge}
   * @param echo what {@link #ECHO} answers
   */
  public GrpcTestServer(@Nullable Duration maxConnectionAge, EchoReply echo) {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, out) -> {
              echoCalls.incrementAndGet();
              if (echo != EchoReply.UNAVAILABLE) {
                out.onNext(req);
              }
              if (echo == EchoReply.ECHO) {
                out.onCompleted();
              } else {
                out.onError(Status.UNAVAILABLE.withDescription(UNAVAILABLE_TEXT).asException());
              }
            }))
            .addMethod(COUNT, ServerCalls.asyncServerStreamingCall((req, out) -> {
              for (int i = 0; i < Integer.parseInt(req); i++) {
                out.onNext(Integer.toString(i));
              }
              out.onCompleted();
            }))
            .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(
                (StreamObserver<String> out) -> new StreamObserver<String>() {
              @Override
              public void onNext(String value) {
                out.onNext("re: " + value);
              }

              @Override
              public void onError(Throwable t) {
                out.onError(t);
              }

              @Override
              public void onCompleted() {
                out.onCompleted();
              }
            }))
            .addMethod(FAIL, ServerCalls.asyncUnaryCall(
                (req, out) -> out.onError(Status.NOT_FOUND.withDescription(req).asException())))
            .build();
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service);
      if (maxConnectionAge != null) {
        builder
            .maxConnectionAge(maxConnectionAge.toMillis(), TimeUnit.MILLISECONDS)
            .maxConnectionAgeGrace(10, TimeUnit.SECONDS);
      }
      server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("gRPC test server: cannot start", e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** How many {@link #ECHO} calls reached this server. */
  public int echoCalls() {
    return echoCalls.get();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static MethodDescriptor<String, String> method(String name, MethodType type) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(Utf8.INSTANCE)
        .setResponseMarshaller(Utf8.INSTANCE)
        .build();
  }

  private enum Utf8 implements MethodDescriptor.Marshaller<String> {
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
        throw new UncheckedIOException(e);
      }
    }
  }
}
