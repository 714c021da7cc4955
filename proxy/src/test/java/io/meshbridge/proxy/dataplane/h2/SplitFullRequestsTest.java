package io.meshbridge.proxy.dataplane.h2;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class SplitFullRequestsTest {

  private final EmbeddedChannel ch = new EmbeddedChannel(SplitFullRequests.INSTANCE);

  @Test
  void aFullRequestBecomesAHeadAndALastContent() {
    FullHttpRequest full = new DefaultFullHttpRequest(
        HttpVersion.HTTP_1_1, HttpMethod.POST, "/p",
        Unpooled.copiedBuffer("body", StandardCharsets.UTF_8));
    full.headers().set("host", "a.mesh");
    full.trailingHeaders().set("grpc-status", "0");
    ch.writeInbound(full);

    HttpRequest head = ch.readInbound();
    assertThat(head).isNotInstanceOf(HttpContent.class);
    assertThat(head.uri()).isEqualTo("/p");
    assertThat(head.headers().get("host")).isEqualTo("a.mesh");
    LastHttpContent last = ch.readInbound();
    assertThat(last.content().toString(StandardCharsets.UTF_8)).isEqualTo("body");
    assertThat(last.trailingHeaders().get("grpc-status")).isEqualTo("0");
    last.release();
    assertThat(full.refCnt()).isZero();
  }

  @Test
  void aGrpcTrailersOnlyResponseKeepsItsStatusInTrailers() {
    FullHttpResponse full =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    full.headers().set("content-type", "application/grpc").set("grpc-status", "5")
        .set("grpc-message", "not found");
    ch.writeInbound(full);

    HttpResponse head = ch.readInbound();
    assertThat(head.headers().names()).containsExactly("content-type");
    LastHttpContent last = ch.readInbound();
    assertThat(last.trailingHeaders().get("grpc-status")).isEqualTo("5");
    assertThat(last.trailingHeaders().get("grpc-message")).isEqualTo("not found");
    last.release();
  }

  @Test
  void otherPartsPassThrough() {
    HttpContent part = new DefaultHttpContent(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8));
    ch.writeInbound(part);
    HttpContent read = ch.readInbound();
    assertThat(read).isSameAs(part);
    read.release();
    assertThat(ch.finish()).isFalse();
  }
}
