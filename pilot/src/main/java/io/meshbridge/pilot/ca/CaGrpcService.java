package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.meshbridge.ca.api.IstioCertificateService;
import java.net.SocketAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code IstioCertificateService/CreateCertificate} over {@link CertificateAuthority}: the
 * interceptor takes the {@code authorization: Bearer} token and the TLS client certificate off
 * the call, the handler signs. A refusal is a gRPC status whose description starts with the
 * {@link Refusal} name.
 */
final class CaGrpcService {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Context.Key<Credentials> CREDENTIALS = Context.key("meshbridge-ca-credentials");

  static ServerServiceDefinition bind(CertificateAuthority ca) {
    requireNonNull(ca, "ca");
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(IstioCertificateService.SERVICE_NAME)
            .addMethod(
                IstioCertificateService.CREATE_CERTIFICATE,
                ServerCalls.asyncUnaryCall((request, response) -> create(ca, request, response)))
            .build();
    return ServerInterceptors.intercept(service, new CredentialsInterceptor());
  }

  private static void create(
      CertificateAuthority ca,
      IstioCertificateService.Request request,
      StreamObserver<IstioCertificateService.Response> response) {
    Credentials credentials = requireNonNull(CREDENTIALS.get(), "credentials");
    try {
      List<String> chain = ca.sign(credentials, request.csr(), request.validitySeconds());
      response.onNext(new IstioCertificateService.Response(chain));
      response.onCompleted();
    } catch (CaRefusedException e) {
      response.onError(Status.fromCode(e.reason().code()).withDescription(e.getMessage()).asRuntimeException());
    }
  }

  private static final class CredentialsInterceptor implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      Credentials credentials =
          new Credentials(
              bearer(headers.get(AUTHORIZATION)),
              TlsPeers.chain(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)),
              String.valueOf(remote));
      return Contexts.interceptCall(
          Context.current().withValue(CREDENTIALS, credentials), call, headers, next);
    }

    private static @Nullable String bearer(@Nullable String authorization) {
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return null;
      }
      String token = authorization.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
  }

  private CaGrpcService() {}
}
