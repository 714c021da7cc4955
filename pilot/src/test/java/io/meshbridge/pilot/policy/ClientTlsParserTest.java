package io.meshbridge.pilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DestinationRule {@code tls} at the top, per port and per subset, merged; each rejection. */
class ClientTlsParserTest {

  @Test
  void readsAndMergesSubsetOverPortOverTop() {
    String yaml =
        """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: db, namespace: shop}
        spec:
          host: db
          trafficPolicy:
            tls: {mode: ISTIO_MUTUAL}
            portLevelSettings:
            - port: {number: 443}
              tls: {mode: SIMPLE, caCertificates: /etc/ca.pem, sni: db.example.com,
                    subjectAltNames: [db.example.com]}
          subsets:
          - name: legacy
            labels: {v: legacy}
            trafficPolicy:
              tls: {mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem,
                    insecureSkipVerify: true}
          - {name: plain, labels: {v: plain}, trafficPolicy: {tls: {mode: DISABLE}}}
          - {name: other, labels: {v: other}}
        """;
    PolicyParser.Result r = PolicyParser.parse("dr.yaml", yaml);
    assertThat(r.rejections()).isEmpty();
    DestinationRule dr = (DestinationRule) r.resources().get(0);

    assertThat(dr.policy("", 80).tls().mode()).isEqualTo(ClientTls.Mode.ISTIO_MUTUAL);
    assertThat(dr.policy("", 443).tls()).isEqualTo(new ClientTls(ClientTls.Mode.SIMPLE,
        "/etc/ca.pem", "", "", "db.example.com", List.of("db.example.com"), false));
    assertThat(dr.policy("other", 443).tls().mode()).isEqualTo(ClientTls.Mode.SIMPLE);
    assertThat(dr.policy("legacy", 443).tls()).isEqualTo(new ClientTls(ClientTls.Mode.MUTUAL,
        "", "/c.pem", "/k.pem", "", List.of(), true));
    assertThat(dr.policy("plain", 80).tls().mode()).isEqualTo(ClientTls.Mode.DISABLE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{mode: SIMPLE, credentialName: s}|spec.trafficPolicy.tls.credentialName: not supported",
        "{mode: STRICT}|spec.trafficPolicy.tls.mode: 'STRICT' (expected: DISABLE, SIMPLE, MUTUAL"
            + " or ISTIO_MUTUAL)",
        "{mode: MUTUAL, privateKey: /k}|spec.trafficPolicy.tls.clientCertificate: required with"
            + " mode MUTUAL",
        "{mode: SIMPLE, privateKey: /k}|spec.trafficPolicy.tls.privateKey: only with mode MUTUAL",
        "{mode: ISTIO_MUTUAL, sni: a}|spec.trafficPolicy.tls.sni: only with mode SIMPLE or MUTUAL",
        "{mode: SIMPLE, insecureSkipVerify: true, caCertificates: /ca}"
            + "|spec.trafficPolicy.tls.caCertificates: not allowed together with"
            + " insecureSkipVerify: true",
        "{mode: SIMPLE, caCertificates: ''}|spec.trafficPolicy.tls.caCertificates: ''",
        "{mode: SIMPLE, minProtocolVersion: TLSV1_3}"
            + "|spec.trafficPolicy.tls.minProtocolVersion: not supported",
      })
  void rejectsNamingTheField(String tls, String expected) {
    String yaml = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
        + "metadata: {name: db, namespace: shop}\nspec:\n  host: db\n  trafficPolicy: {tls: "
        + tls + "}\n";
    PolicyParser.Result r = PolicyParser.parse("dr.yaml", yaml);
    assertThat(r.resources()).isEmpty();
    assertThat(r.rejections()).singleElement().asString()
        .startsWith("DestinationRule shop/db: " + expected);
  }

  @Test
  void portAndSubsetTlsAreReadToo() {
    String yaml = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
        + "metadata: {name: db, namespace: shop}\nspec:\n  host: db\n"
        + "  subsets: [{name: a, labels: {v: a}, trafficPolicy: {portLevelSettings: [{port:"
        + " {number: 1}, tls: {mode: MUTUAL}}]}}]\n";
    assertThat(PolicyParser.parse("dr.yaml", yaml).rejections()).singleElement().asString()
        .startsWith("DestinationRule shop/db: spec.subsets[0].trafficPolicy.portLevelSettings[0]"
            + ".tls.clientCertificate: required with mode MUTUAL");
  }
}
