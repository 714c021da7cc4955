package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.identity.MeshTrustManager;
import java.net.Socket;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * mTLS to pilot's secure xDS port (docs/xds.md, "Pilot's ports"): each handshake presents the
 * identity provider's current certificate (so renewals are followed without a new channel) and
 * trusts the roots in {@code MESHBRIDGE_CA_ROOT_FILE} plus those of the {@code ROOTCA} secret once
 * pilot sent it ({@link MeshTrustManager}, shared with the identity provider's CA client). Host names are verified by gRPC against pilot's serving certificate.
 */
public final class XdsTlsChannels {

  private XdsTlsChannels() {}

  /**
   * @param identity the current identity, null before the first one (no client certificate is
   *     sent then, and pilot refuses the stream: the client retries with backoff)
   * @param rootCa the ROOTCA roots now (empty before pilot sent them)
   */
  public static XdsChannelFactory mtls(Duration connectTimeout, Supplier<@Nullable TlsSecret> identity,
      Path caRootFile, Supplier<List<X509Certificate>> rootCa) {
    IdentityKeyManager keys = new IdentityKeyManager(identity);
    MeshTrustManager trust = new MeshTrustManager(caRootFile, rootCa);
    int connectMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    // A new SslContext per channel (one per connection attempt): a shared one would resume the
    // previous TLS session, and with it the client certificate that session had, i.e. none before
    // the first identity arrived, or the one before a renewal; pilot then refuses the stream.
    return server -> NettyChannelBuilder.forAddress(server.host(), server.port())
        .sslContext(sslContext(keys, trust))
        .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
        .keepAliveTime(5, TimeUnit.MINUTES)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .maxInboundMessageSize(64 << 20)
        .userAgent(XdsClient.USER_AGENT)
        .build();
  }

  private static SslContext sslContext(IdentityKeyManager keys, MeshTrustManager trust) {
    try {
      return GrpcSslContexts.forClient().keyManager(keys).trustManager(trust).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS for xDS: " + e.getMessage(), e);
    }
  }

  /** Presents the identity current at each handshake. */
  private static final class IdentityKeyManager extends X509ExtendedKeyManager {
    private final Supplier<@Nullable TlsSecret> identity;

    IdentityKeyManager(Supplier<@Nullable TlsSecret> identity) {
      this.identity = requireNonNull(identity, "identity");
    }

    private @Nullable String alias() {
      TlsSecret s = identity.get();
      return s == null ? null : s.chain().get(0).getSerialNumber().toString(16);
    }

    private @Nullable TlsSecret of(String alias) {
      TlsSecret s = identity.get();
      return s != null && s.chain().get(0).getSerialNumber().toString(16).equals(alias) ? s : null;
    }

    @Override
    public @Nullable String chooseEngineClientAlias(
        String[] keyType, Principal @Nullable [] issuers, SSLEngine engine) {
      return alias();
    }

    @Override
    public @Nullable String chooseClientAlias(
        String[] keyType, Principal @Nullable [] issuers, Socket socket) {
      return alias();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal @Nullable [] issuers) {
      String a = alias();
      return a == null ? new String[0] : new String[] {a};
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
      return null;
    }

    @Override
    public @Nullable String chooseServerAlias(
        String keyType, Principal @Nullable [] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
      TlsSecret s = of(alias);
      return s == null ? null : s.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
      TlsSecret s = of(alias);
      return s == null ? null : s.key();
    }
  }
}
