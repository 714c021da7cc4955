package io.meshbridge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meshbridge validate}: rejections named by kind, namespace/name and field; exit 1. */
class ValidateCommandTest {

  private static final String DR =
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews
        subsets: [{name: v1, labels: {version: v1}}]
      """;

  private static final String VS =
      """
      apiVersion: networking.istio.io/v1beta1
      kind: VirtualService
      metadata: {name: reviews, namespace: shop}
      spec:
        hosts: [reviews]
        http:
        - route: [{destination: {host: reviews, subset: v1}}]
      """;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = Meshbridge.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void validFilesExitZero() throws Exception {
    Path dr = Files.writeString(dir.resolve("dr.yaml"), DR);
    Path vs = Files.writeString(dir.resolve("vs.yaml"), VS);
    assertThat(run("validate", "-f", dr.toString(), vs.toString())).isZero();
    assertThat(out.toString()).contains("2 accepted, 0 rejected");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void unsupportedFieldIsNamedAndExitsOne() throws Exception {
    Path vs =
        Files.writeString(
            dir.resolve("vs.yaml"),
            DR + "---\n" + VS + "  - route: [{destination: {host: reviews}}]\n    delegate: {name: x}\n");
    assertThat(run("validate", "-f", vs.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("VirtualService shop/reviews: spec.http[1].delegate: not supported");
    assertThat(out.toString()).contains("1 accepted, 1 rejected");
  }

  @Test
  void subsetMissingAmongTheGivenFilesIsRejected() throws Exception {
    Path vs = Files.writeString(dir.resolve("vs.yaml"), VS);
    assertThat(run("validate", "-f", vs.toString())).isEqualTo(1);
    assertThat(err.toString())
        .contains("VirtualService shop/reviews: spec.http[0].route[0].destination.subset: 'v1'"
            + " is not defined by any DestinationRule for host reviews.shop.mesh");
  }

  @Test
  void eachBadResourceIsNamedAndTheOthersAreAccepted() throws Exception {
    String vs =
        """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: %s, namespace: shop}
        spec:
          hosts: [%s]
          http:
          - %s
        """;
    Path file =
        Files.writeString(
            dir.resolve("all.yaml"),
            String.join(
                "---\n",
                DR,
                vs.formatted("unknown", "a", "route: [{destination: {host: a}}]\n    bogus: 1"),
                vs.formatted("regex", "b",
                    "match: [{uri: {regex: '(?<!x)y'}}]\n    route: [{destination: {host: b}}]"),
                vs.formatted("weights", "c", "route: [{destination: {host: c}, weight: 70},"
                    + " {destination: {host: d}, weight: 20}]"),
                vs.formatted("subset", "e", "route: [{destination: {host: reviews, subset: v9}}]"),
                vs.formatted("good", "f", "route: [{destination: {host: reviews, subset: v1}}]"
                    + "\n    fault: {abort: {httpStatus: 503, percentage: {value: 10}}}")));

    assertThat(run("validate", "-f", file.toString())).isEqualTo(1);

    assertThat(err.toString().lines().toList()).containsExactly(
        "VirtualService shop/unknown: spec.http[0].bogus: not supported (" + file + "#2)",
        "VirtualService shop/regex: spec.http[0].match[0].uri.regex: '(?<!x)y': lookbehind"
            + " '(?<!' is not RE2 syntax (no lookarounds, backreferences, atomic groups or"
            + " possessive quantifiers) (" + file + "#3)",
        "VirtualService shop/weights: spec.http[0].route: weights add up to 90 (expected: 100)"
            + " (" + file + "#4)",
        "VirtualService shop/subset: spec.http[0].route[0].destination.subset: 'v9' is not"
            + " defined by any DestinationRule for host reviews.shop.mesh (" + file + "#5)");
    assertThat(out.toString()).contains("2 accepted, 4 rejected");
  }

  @Test
  void securityKindsAreCheckedToo() throws Exception {
    Path file = Files.writeString(dir.resolve("sec.yaml"), """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: istio-system}
        spec: {mtls: {mode: STRICT}}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ext, namespace: shop}
        spec: {action: CUSTOM}
        """);
    assertThat(run("validate", "-f", file.toString())).isEqualTo(1);
    assertThat(err.toString().lines().toList()).containsExactly(
        "AuthorizationPolicy shop/ext: spec.action: CUSTOM is not supported (" + file + "#2)");
    assertThat(out.toString()).contains("1 accepted, 1 rejected");
  }

  @Test
  void badYamlAndMissingFile() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "a: [1\n");
    assertThat(run("validate", "-f", bad.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("file: ").contains("bad.yaml: line ");
    assertThat(run("validate", "-f", dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--file: ").contains("nope.yaml does not exist");
  }
}
