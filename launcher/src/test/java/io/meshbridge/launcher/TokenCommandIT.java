package io.meshbridge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.meshbridge.ca.api.IstioCertificateService;
import java.io.ByteArrayInputStream;
import java.io.File;
import io.meshbridge.e2e.UnusedPorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * How a VM gets its first certificate, end to end: {@code meshbridge token create} against a
 * running pilot, then Istio's CreateCertificate over TLS with the token, once.
 */
class TokenCommandIT {

  static final String ORDERS = "spiffe://cluster.local/ns/shop/sa/orders";

  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @Test
  void aTokenFromTheCommandGetsACertificateOnce() throws Exception {
    int restPort = UnusedPorts.next();
    int caPort = UnusedPorts.next();
    Path config = pilotConfig(restPort, caPort);
    try (EmbeddedPilot pilot = EmbeddedPilot.start(config)) {
      assertThat(pilot).isNotNull();
      String pilotUrl = "http://127.0.0.1:" + restPort;
      String admin = dir.resolve("ca/admin-token").toString();
      Path root = dir.resolve("root.pem");

      assertThat(run("token", "create", "--namespace", "shop", "--service-account", "orders", "--ttl", "1h",
          "--pilot", pilotUrl, "--admin-token-file", admin, "--root-cert-out", root.toString())).isZero();
      String token = out.toString().trim();
      assertThat(token).startsWith("mbj1.");
      assertThat(err.toString()).contains("join token for " + ORDERS + ", single use, expires");

      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", caPort)
              .sslContext(GrpcSslContexts.forClient().trustManager(root.toFile()).build())
              .build();
      try {
        X509Certificate leaf = createCertificate(channel, token);
        assertThat(leaf.getSubjectAlternativeNames()).anySatisfy(n -> assertThat(n.get(1)).isEqualTo(ORDERS));
        assertThatThrownBy(() -> createCertificate(channel, token))
            .isInstanceOf(StatusRuntimeException.class)
            .hasMessageContaining("UNAUTHENTICATED: TOKEN_ALREADY_USED");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      assertThat(run("token", "create", "--namespace", "shop", "--service-account", "orders", "--ttl", "forever",
          "--pilot", pilotUrl, "--admin-token-file", admin)).isEqualTo(2);
      assertThat(err.toString()).contains("ttl: 'forever'");
      Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-admin-token-at-all");
      assertThat(run("token", "create", "--namespace", "shop", "--service-account", "orders",
          "--pilot", pilotUrl, "--admin-token-file", wrong.toString())).isEqualTo(1);
      assertThat(err.toString()).contains("pilot answered 401");
    }
  }

  /**
   * The command as a user runs it, in a JVM of its own with the launcher's classpath (its
   * logback.xml, not the tests'): stdout is the token line and nothing else, the logs go to stderr.
   */
  @Test
  void theCommandPrintsOnlyTheTokenOnStdout() throws Exception {
    int restPort = UnusedPorts.next();
    Path config = pilotConfig(restPort, UnusedPorts.next());
    try (EmbeddedPilot pilot = EmbeddedPilot.start(config)) {
      assertThat(pilot).isNotNull();
      String classpath = Arrays.stream(System.getProperty("java.class.path")
              .split(File.pathSeparator))
          .filter(entry -> !entry.endsWith("test-classes"))
          .collect(Collectors.joining(File.pathSeparator));
      Path stderr = dir.resolve("token.err");
      Process process = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp", classpath, Meshbridge.class.getName(),
              "token", "create", "--namespace", "shop", "--service-account", "orders",
              "--pilot", "http://127.0.0.1:" + restPort,
              "--admin-token-file", dir.resolve("ca/admin-token").toString())
          .redirectError(stderr.toFile())
          .start();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
      assertThat(stdout).matches("mbj1\\.\\S+\\R");
      assertThat(Files.readString(stderr)).contains("join token for " + ORDERS)
          .doesNotContain("DEBUG");
    }
  }

  private Path pilotConfig(int restPort, int caPort) throws IOException {
    Path config = dir.resolve("pilot.yaml");
    Files.writeString(
        config,
        """
        xds: {plaintext: true, bindAddress: 127.0.0.1, port: %d}
        server:
          type: simple
          applicationContextPath: /
          adminContextPath: /admin
          connector: {type: http, bindHost: 127.0.0.1, port: %d}
        logging: {level: WARN}
        ca: {directory: %s, port: %d}
        """
            .formatted(UnusedPorts.next(), restPort, dir.resolve("ca"), caPort));
    return config;
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cmd = Meshbridge.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  private static X509Certificate createCertificate(ManagedChannel channel, String token) throws Exception {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    IstioCertificateService.Response response =
        ClientCalls.blockingUnaryCall(
            ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(IstioCertificateService.CREATE_CERTIFICATE, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
            new IstioCertificateService.Request(csr(ORDERS), "", 0));
    List<String> chain = response.certChain();
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(chain.get(0).getBytes(StandardCharsets.US_ASCII)));
  }

  /** What a VM agent sends: a PKCS#10 CSR for its own new key, with its SPIFFE ID as URI SAN. */
  private static String csr(String spiffeId) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(Extension.subjectAlternativeName, true,
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId)));
    var request =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=orders"), keys.getPublic())
            .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(request);
    }
    return pem.toString();
  }

}
