package io.meshbridge.proxy.dataplane.lb;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.HashPolicy;
import io.meshbridge.proxy.config.HashPolicy.Kind;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A request's hash as Envoy computes it from the route's hash policies. */
class RequestHashTest {

  private static final HashPolicy USER = new HashPolicy(Kind.HEADER, "x-user", false);
  private static final HashPolicy IP = new HashPolicy(Kind.SOURCE_IP, "", false);

  private static OptionalLong hash(List<HashPolicy> policies, HttpHeaders h, String target) {
    return RequestHash.compute(policies, h, target, "10.1.2.3");
  }

  @Test
  void eachKindHashesItsInputWithXxHash64() {
    HttpHeaders h = new DefaultHttpHeaders()
        .add("x-user", "alice")
        .add("cookie", "a=1; session=s-42");
    assertThat(hash(List.of(USER), h, "/")).hasValue(XxHash64.hash("alice"));
    assertThat(hash(List.of(new HashPolicy(Kind.COOKIE, "session", false)), h, "/"))
        .hasValue(XxHash64.hash("s-42"));
    assertThat(hash(List.of(IP), h, "/")).hasValue(XxHash64.hash("10.1.2.3"));
    assertThat(hash(List.of(new HashPolicy(Kind.QUERY_PARAMETER, "u", false)), h, "/p?u=bob&u=x"))
        .hasValue(XxHash64.hash("bob"));
  }

  @Test
  void missingInputsGiveNoHash() {
    HttpHeaders none = new DefaultHttpHeaders();
    assertThat(hash(List.of(USER, new HashPolicy(Kind.COOKIE, "s", false)), none, "/")).isEmpty();
    assertThat(hash(List.of(), none, "/")).isEmpty();
  }

  @Test
  void repeatedHeaderValuesHashTheSameInAnyOrder() {
    HttpHeaders ab = new DefaultHttpHeaders().add("x-user", "a").add("x-user", "b");
    HttpHeaders ba = new DefaultHttpHeaders().add("x-user", "b").add("x-user", "a");
    long chained = XxHash64.hash("b".getBytes(StandardCharsets.UTF_8), XxHash64.hash("a"));
    assertThat(hash(List.of(USER), ab, "/")).hasValue(chained);
    assertThat(hash(List.of(USER), ba, "/")).hasValue(chained);
  }

  @Test
  void policiesCombineByRotationAndATerminalOneEndsTheList() {
    HttpHeaders h = new DefaultHttpHeaders().add("x-user", "alice");
    long user = XxHash64.hash("alice");
    long ip = XxHash64.hash("10.1.2.3");
    assertThat(hash(List.of(USER, IP), h, "/")).hasValue(Long.rotateLeft(user, 1) ^ ip);
    assertThat(hash(List.of(new HashPolicy(Kind.HEADER, "x-user", true), IP), h, "/"))
        .hasValue(user);
    assertThat(hash(List.of(new HashPolicy(Kind.HEADER, "absent", true), IP), h, "/"))
        .as("a terminal policy without input does not end the list")
        .hasValue(ip);
  }

  @Test
  void aCookieWithATtlIsGeneratedWhenMissingAsEnvoyDoes() {
    HashPolicy cookie =
        new HashPolicy(Kind.COOKIE, "sticky", false, "/shop", java.time.Duration.ofSeconds(60));
    String connection = "/10.1.2.3:5555/10.0.0.1:8080";
    String value = String.format("%016x", XxHash64.hash(connection));

    RequestHash.Result first =
        RequestHash.compute(List.of(cookie), new DefaultHttpHeaders(), "/", null, connection);

    assertThat(first.setCookie())
        .isEqualTo("sticky=\"" + value + "\"; Max-Age=60; Path=/shop; HttpOnly");
    assertThat(first.hash()).hasValue(XxHash64.hash(value));
    HttpHeaders back = new DefaultHttpHeaders().add("cookie", "sticky=\"" + value + "\"");
    RequestHash.Result next = RequestHash.compute(List.of(cookie), back, "/", null, "other");
    assertThat(next.hash()).as("the returned cookie hashes the same").isEqualTo(first.hash());
    assertThat(next.setCookie()).isNull();
  }
}
