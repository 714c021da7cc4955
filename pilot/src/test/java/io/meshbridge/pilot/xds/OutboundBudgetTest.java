package io.meshbridge.pilot.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class OutboundBudgetTest {

  private static final int LIMIT = 1000;
  private final OutboundBudget budget = new OutboundBudget(LIMIT);

  @Test
  void responsesWaitWhileTheBytesInFlightAreOverTheLimit() {
    Stream a = new Stream();
    Stream b = new Stream();

    a.send(message(600)); // a stays "not ready": its bytes are in flight
    b.send(message(600)); // would make 1200 > 1000: waits

    assertThat(a.fake.sent).hasSize(1);
    assertThat(b.fake.sent).isEmpty();
    assertThat(budget.inFlight()).isEqualTo(a.fake.sent.get(0).getSerializedSize());

    a.drained(); // gRPC reports a ready again: its bytes were taken

    assertThat(b.fake.sent).hasSize(1);
    assertThat(budget.inFlight()).isEqualTo(b.fake.sent.get(0).getSerializedSize());
  }

  @Test
  void waitingStreamsAreGrantedInOrderWhatFits() {
    Stream a = new Stream();
    Stream b = new Stream();
    Stream c = new Stream();
    Stream d = new Stream();
    a.send(message(900));
    b.send(message(400));
    c.send(message(400));
    d.send(message(400));
    assertThat(b.fake.sent).isEmpty();

    a.drained();

    assertThat(b.fake.sent).hasSize(1);
    assertThat(c.fake.sent).hasSize(1);
    assertThat(d.fake.sent).isEmpty(); // 1200 would not fit: d waits for b or c
    c.drained();
    assertThat(d.fake.sent).hasSize(1);
  }

  @Test
  void aNewStreamDoesNotOvertakeWaitingOnes() {
    Stream a = new Stream();
    Stream b = new Stream();
    a.send(message(900));
    b.send(message(400));

    Stream late = new Stream();
    late.send(message(10)); // would fit, but b waits first

    assertThat(late.fake.sent).isEmpty();
    a.drained();
    assertThat(b.fake.sent).hasSize(1);
    assertThat(late.fake.sent).hasSize(1);
  }

  @Test
  void aResponseLargerThanTheLimitGoesOutWhenNothingIsInFlight() {
    Stream a = new Stream();

    a.send(message(5 * LIMIT));

    assertThat(a.fake.sent).hasSize(1);
  }

  @Test
  void aStreamThatStaysReadyIsNeverCharged() {
    Stream a = new Stream();
    a.fake.ready = true;

    a.send(message(600));
    a.send(message(600));

    assertThat(a.fake.sent).hasSize(2);
    assertThat(budget.inFlight()).isZero();
  }

  @Test
  void aStreamKeepsItsOrderAndWaitsForItsOwnBytes() {
    Stream a = new Stream();
    BytesValue first = message(600);
    BytesValue second = message(601);

    a.send(first);
    a.send(second);
    assertThat(a.fake.sent).containsExactly(first);

    a.drained();
    assertThat(a.fake.sent).containsExactly(first, second);
  }

  @Test
  void anEndedStreamDropsWhatWaitsAndReturnsWhatItWasCharged() {
    Stream a = new Stream();
    Stream b = new Stream();
    a.send(message(600));
    a.send(message(600));
    b.send(message(600));

    a.listener.onCancel();

    assertThat(a.fake.sent).hasSize(1);
    assertThat(b.fake.sent).hasSize(1);
  }

  @Test
  void closingByTheServerReturnsTheBytesToo() {
    Stream a = new Stream();
    Stream b = new Stream();
    a.send(message(600));
    b.send(message(600));

    a.paced.close(Status.OK, new Metadata());

    assertThat(a.fake.closed).isTrue();
    assertThat(b.fake.sent).hasSize(1);
  }

  @Test
  void aGrantIsSentOnTheWaitingStreamsExecutorNotOnTheReleasingThread() {
    StreamExecutorsTest.ManualExecutor pool = new StreamExecutorsTest.ManualExecutor();
    StreamExecutors streams = new StreamExecutors(pool);
    Stream a = new Stream(streams);
    Stream b = new Stream(streams);
    a.send(message(600));
    b.send(message(600)); // waits for a's bytes

    a.fake.ready = true;
    a.listener.onReady(); // gRPC drained a: handled on a's executor
    assertThat(pool.runNext()).isTrue(); // a's turn: releases its bytes, grants b's

    assertThat(b.fake.sent).isEmpty(); // not sent on a's executor...
    assertThat(pool.runNext()).isTrue(); // ...but on b's
    assertThat(b.fake.sent).hasSize(1);
    assertThat(pool.runNext()).isFalse();
  }

  private static BytesValue message(int bytes) {
    return BytesValue.of(ByteString.copyFrom(new byte[bytes]));
  }

  /** A stream through the budget: the paced call the service sees, and the listener gRPC calls. */
  private final class Stream {
    final FakeCall fake = new FakeCall();
    @Nullable ServerCall<BytesValue, BytesValue> seen;
    final ServerCall.Listener<BytesValue> listener;
    final ServerCall<BytesValue, BytesValue> paced;

    /** Without stream executors: everything on the caller's thread. */
    Stream() {
      listener = budget.interceptCall(fake, new Metadata(), this::service);
      paced = java.util.Objects.requireNonNull(seen);
    }

    /** Each stream on its executor, as pilot binds the budget. */
    Stream(StreamExecutors streams) {
      listener =
          streams.interceptCall(
              fake, new Metadata(), (call, h) -> budget.interceptCall(call, h, this::service));
      paced = java.util.Objects.requireNonNull(seen);
    }

    private ServerCall.Listener<BytesValue> service(
        ServerCall<BytesValue, BytesValue> call, Metadata headers) {
      seen = call;
      return new ServerCall.Listener<>() {};
    }

    void send(BytesValue message) {
      paced.sendMessage(message);
    }

    void drained() {
      fake.ready = true;
      listener.onReady();
      fake.ready = false;
    }
  }

  private static final class FakeCall extends ServerCall<BytesValue, BytesValue> {
    final List<BytesValue> sent = new ArrayList<>();
    boolean ready;
    boolean closed;

    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(BytesValue message) {
      sent.add(message);
    }

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closed = true;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public Attributes getAttributes() {
      return Attributes.EMPTY;
    }

    @Override
    public MethodDescriptor<BytesValue, BytesValue> getMethodDescriptor() {
      throw new UnsupportedOperationException("not needed by the budget");
    }
  }
}
