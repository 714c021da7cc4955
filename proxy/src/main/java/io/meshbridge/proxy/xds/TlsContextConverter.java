package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.meshbridge.proxy.config.SanMatcher;
import io.meshbridge.proxy.config.SecretRef;
import io.meshbridge.proxy.config.TlsSettings;
import io.meshbridge.proxy.config.TlsSettings.CertificateSource;
import io.meshbridge.proxy.config.TlsSettings.TrustSource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code CommonTlsContext} → {@link TlsSettings}: one certificate (an SDS secret or PEM files),
 * trust from an SDS secret, a file or the system roots, {@code match_typed_subject_alt_names}
 * (URI/DNS, exact/prefix), ALPN, and {@code tls_minimum_protocol_version} TLSv1_2/TLSv1_3. SDS
 * secrets come over ADS ({@code ads: {}}) or from the proxy's identity provider (cluster {@code
 * sds-grpc}); anything else is rejected by name.
 */
final class TlsContextConverter {

  /** The SDS cluster name Istio's sidecars use for their own identity. */
  static final String SDS_GRPC = "sds-grpc";

  private TlsContextConverter() {}

  static TlsSettings convert(CommonTlsContext c, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(c, path, "tls_params", "tls_certificates",
        "tls_certificate_sds_secret_configs", "validation_context",
        "validation_context_sds_secret_config", "combined_validation_context", "alpn_protocols");
    String minimum = minimumVersion(c, check, join(path, "tls_params"));
    int certs = c.getTlsCertificatesCount() + c.getTlsCertificateSdsSecretConfigsCount();
    if (certs > 1) {
      throw check.invalid(join(path, "tls_certificates"),
          certs + " certificates (expected: at most one, in tls_certificates or"
              + " tls_certificate_sds_secret_configs)");
    }
    @Nullable CertificateSource certificate = null;
    if (c.getTlsCertificatesCount() == 1) {
      certificate = files(c.getTlsCertificates(0), check, at(join(path, "tls_certificates"), 0));
    } else if (c.getTlsCertificateSdsSecretConfigsCount() == 1) {
      certificate = new CertificateSource.Sds(secret(c.getTlsCertificateSdsSecretConfigs(0), check,
          at(join(path, "tls_certificate_sds_secret_configs"), 0)));
    }
    @Nullable TrustSource trust = null;
    List<SanMatcher> sans = List.of();
    switch (c.getValidationContextTypeCase()) {
      case VALIDATION_CONTEXT -> {
        String at = join(path, "validation_context");
        trust = trust(c.getValidationContext(), check, at);
        sans = sans(c.getValidationContext(), check, at);
      }
      case VALIDATION_CONTEXT_SDS_SECRET_CONFIG -> trust = new TrustSource.Sds(secret(
          c.getValidationContextSdsSecretConfig(), check,
          join(path, "validation_context_sds_secret_config")));
      case COMBINED_VALIDATION_CONTEXT -> {
        String at = join(path, "combined_validation_context");
        var combined = c.getCombinedValidationContext();
        check.onlySupported(combined, at, "default_validation_context",
            "validation_context_sds_secret_config");
        String defaultPath = join(at, "default_validation_context");
        if (trust(combined.getDefaultValidationContext(), check, defaultPath) != null) {
          throw check.invalid(defaultPath,
              "trusted roots here and in validation_context_sds_secret_config (expected: one)");
        }
        sans = sans(combined.getDefaultValidationContext(), check, defaultPath);
        if (!combined.hasValidationContextSdsSecretConfig()) {
          throw check.invalid(join(at, "validation_context_sds_secret_config"), "missing");
        }
        trust = new TrustSource.Sds(secret(combined.getValidationContextSdsSecretConfig(), check,
            join(at, "validation_context_sds_secret_config")));
      }
      default -> { }
    }
    for (int i = 0; i < c.getAlpnProtocolsCount(); i++) {
      String alpn = c.getAlpnProtocols(i);
      if (!alpn.equals("h2") && !alpn.equals("http/1.1")) {
        throw check.invalid(at(join(path, "alpn_protocols"), i),
            "'" + alpn + "' (expected: h2 or http/1.1)");
      }
    }
    return new TlsSettings(certificate, trust, sans, c.getAlpnProtocolsList(), minimum);
  }

  private static String minimumVersion(CommonTlsContext c, FieldChecker check, String path)
      throws InvalidResourceException {
    TlsParameters params = c.getTlsParams();
    check.onlySupported(params, path, "tls_minimum_protocol_version");
    return switch (params.getTlsMinimumProtocolVersion()) {
      case TLS_AUTO, TLSv1_2 -> "TLSv1.2";
      case TLSv1_3 -> "TLSv1.3";
      default -> throw check.invalid(join(path, "tls_minimum_protocol_version"),
          params.getTlsMinimumProtocolVersion() + " (expected: TLSv1_2 or TLSv1_3)");
    };
  }

  private static CertificateSource files(TlsCertificate cert, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(cert, path, "certificate_chain", "private_key");
    String chainPath = join(path, "certificate_chain");
    String keyPath = join(path, "private_key");
    check.onlySupported(cert.getCertificateChain(), chainPath, "filename");
    check.onlySupported(cert.getPrivateKey(), keyPath, "filename");
    if (cert.getCertificateChain().getFilename().isEmpty()) {
      throw check.invalid(join(chainPath, "filename"), "missing (expected: a PEM file)");
    }
    if (cert.getPrivateKey().getFilename().isEmpty()) {
      throw check.invalid(join(keyPath, "filename"), "missing (expected: a PEM file)");
    }
    return new CertificateSource.Files(
        cert.getCertificateChain().getFilename(), cert.getPrivateKey().getFilename());
  }

  private static @Nullable TrustSource trust(
      CertificateValidationContext v, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(v, path, "trusted_ca", "system_root_certs", "match_typed_subject_alt_names");
    if (v.hasTrustedCa() && v.hasSystemRootCerts()) {
      throw check.invalid(join(path, "system_root_certs"), "set with trusted_ca (expected: one)");
    }
    if (v.hasSystemRootCerts()) {
      check.onlySupported(v.getSystemRootCerts(), join(path, "system_root_certs"));
      return new TrustSource.SystemRoots();
    }
    if (!v.hasTrustedCa()) {
      return null;
    }
    String at = join(path, "trusted_ca");
    check.onlySupported(v.getTrustedCa(), at, "filename");
    if (v.getTrustedCa().getFilename().isEmpty()) {
      throw check.invalid(join(at, "filename"), "missing (expected: a PEM file)");
    }
    return new TrustSource.File(v.getTrustedCa().getFilename());
  }

  private static List<SanMatcher> sans(
      CertificateValidationContext v, FieldChecker check, String path)
      throws InvalidResourceException {
    List<SanMatcher> sans = new ArrayList<>();
    for (int i = 0; i < v.getMatchTypedSubjectAltNamesCount(); i++) {
      String at = at(join(path, "match_typed_subject_alt_names"), i);
      SubjectAltNameMatcher m = v.getMatchTypedSubjectAltNames(i);
      check.onlySupported(m, at, "san_type", "matcher");
      SanMatcher.Type type = switch (m.getSanType()) {
        case URI -> SanMatcher.Type.URI;
        case DNS -> SanMatcher.Type.DNS;
        default -> throw check.invalid(join(at, "san_type"),
            m.getSanType() + " (expected: URI or DNS)");
      };
      StringMatcher s = m.getMatcher();
      check.onlySupported(s, join(at, "matcher"), "exact", "prefix");
      switch (s.getMatchPatternCase()) {
        case EXACT -> sans.add(new SanMatcher(type, true, s.getExact()));
        case PREFIX -> sans.add(new SanMatcher(type, false, s.getPrefix()));
        default -> throw check.invalid(join(at, "matcher"), "missing (expected: exact or prefix)");
      }
    }
    return sans;
  }

  private static SecretRef secret(SdsSecretConfig sds, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(sds, path, "name", "sds_config");
    if (sds.getName().isEmpty()) {
      throw check.invalid(join(path, "name"), "missing (expected: a secret name)");
    }
    ConfigSource source = sds.getSdsConfig();
    String sourcePath = join(path, "sds_config");
    if (source.hasApiConfigSource()) {
      check.onlySupported(source, sourcePath, "api_config_source", "resource_api_version");
      ApiConfigSource api = source.getApiConfigSource();
      String apiPath = join(sourcePath, "api_config_source");
      check.onlySupported(api, apiPath, "api_type", "grpc_services", "transport_api_version");
      if (api.getApiType() != ApiConfigSource.ApiType.GRPC
          || api.getGrpcServicesCount() != 1
          || !api.getGrpcServices(0).getEnvoyGrpc().getClusterName().equals(SDS_GRPC)) {
        throw check.invalid(apiPath, "'" + api.getGrpcServicesList()
            + "' (expected: api_type GRPC with one envoy_grpc cluster_name " + SDS_GRPC
            + ", the proxy's identity provider, or ads: {})");
      }
      return new SecretRef(sds.getName(), true);
    }
    ConfigSources.requireAds(source, sds.hasSdsConfig(), false, check, sourcePath);
    return new SecretRef(sds.getName(), false);
  }
}
