package io.meshbridge.pilot.ca;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.meshbridge.ca.api.IstioCertificateService;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** {@code CreateCertificate} calls as a workload makes them. */
final class CaCalls {

  /** With a join token (a channel without client certificate). */
  static List<X509Certificate> create(ManagedChannel channel, String joinToken, String csr) {
    return call(channel, joinToken, csr);
  }

  /** A renewal: the channel presents the current certificate. */
  static List<X509Certificate> renew(ManagedChannel channel, String csr) {
    return call(channel, null, csr);
  }

  private static List<X509Certificate> call(ManagedChannel channel, @Nullable String bearer, String csr) {
    Metadata headers = new Metadata();
    if (bearer != null) {
      headers.put(CaGrpcService.AUTHORIZATION, "Bearer " + bearer);
    }
    IstioCertificateService.Response response =
        ClientCalls.blockingUnaryCall(
            ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(
                    IstioCertificateService.CREATE_CERTIFICATE,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
            new IstioCertificateService.Request(csr, "", 0));
    return response.certChain().stream().map(p -> Pem.certificates("chain", p).get(0)).toList();
  }

  private CaCalls() {}
}
