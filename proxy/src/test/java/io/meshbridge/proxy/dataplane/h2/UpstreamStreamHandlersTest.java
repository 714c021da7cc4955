package io.meshbridge.proxy.dataplane.h2;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The small pieces of an HTTP/2 upstream stream: TE header and the stream promise. */
@ExtendWith(LeakCheck.class)
class UpstreamStreamHandlersTest {

  @Test
  void everyRequestAsksForTrailers() {
    EmbeddedChannel ch = new EmbeddedChannel(TeTrailers.INSTANCE);
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/s/m");
    request.headers().set("te", "gzip");
    ch.writeOutbound(request);

    HttpRequest sent = ch.readOutbound();
    assertThat(sent.headers().getAll("te")).containsExactly("trailers");
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void theStreamPromiseReportsTheConnectionUntilTheStreamExists() {
    EmbeddedChannel connection = new EmbeddedChannel();
    EmbeddedChannel stream = new EmbeddedChannel();
    StreamPromise promise = new StreamPromise(connection);
    assertThat(promise.channel()).isSameAs(connection);

    promise.succeed(stream);

    assertThat(promise.isSuccess()).isTrue();
    assertThat(promise.channel()).isSameAs(stream);
  }
}
