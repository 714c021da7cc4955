package io.meshbridge.proxy.xds;

import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How one variant of ADS, state of the world ({@link SotwWire}) or delta ({@link DeltaWire}), puts
 * requests on a gRPC stream and reads its responses. Everything else (nonces, NACK throttling,
 * state) is shared in {@link AdsStream} and {@link XdsClient}. Called on the client's executor.
 */
interface AdsWire {

  /** What a wire hears from the server, on a gRPC thread. */
  interface Sink {
    void onResponse(XdsResponse response);

    void onClosed(Status status);
  }

  /**
   * Sends a request for {@code type} reflecting {@code state}'s subscriptions.
   *
   * @param nonce the nonce of the last response of {@code type} ("" if none)
   * @param answers whether this request is the ACK or NACK of that response
   * @param errorDetail the NACK's message, or {@code null} to ACK (or only subscribe)
   */
  void send(ResourceType<?, ?> type, ResourceState<?, ?> state, String nonce, boolean answers,
      @Nullable String errorDetail);

  /**
   * Reports the local workload's health as Istio's agent does, for a workload pilot auto-registered
   * (docs/xds.md): a request of type {@link #HEALTH_TYPE_URL}, unhealthy when {@code errorDetail}
   * is given. The server answers nothing.
   */
  void sendHealth(@Nullable String errorDetail);

  /** Istio's health report type. */
  String HEALTH_TYPE_URL = "type.googleapis.com/istio.v1.HealthInformation";

  /** Cancels the stream. */
  void cancel();

  /** A response observer feeding {@code sink}, converting each response with {@code convert}. */
  static <R> StreamObserver<R> observer(Function<R, XdsResponse> convert, Sink sink) {
    return new StreamObserver<>() {
      @Override
      public void onNext(R response) {
        sink.onResponse(convert.apply(response));
      }

      @Override
      public void onError(Throwable t) {
        sink.onClosed(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        sink.onClosed(Status.UNAVAILABLE.withDescription("server closed the stream"));
      }
    };
  }

  /** A NACK's {@code error_detail}. */
  static com.google.rpc.Status errorDetail(String message) {
    return com.google.rpc.Status.newBuilder()
        .setCode(Code.INVALID_ARGUMENT_VALUE)
        .setMessage(message)
        .build();
  }

  /** How the client cancels a stream it is done with. */
  /** A stream's end status for logs: its code, and its description when there is one. */
  static String describe(io.grpc.Status status) {
    return status.getDescription() == null
        ? status.getCode().toString()
        : status.getCode() + ": " + status.getDescription();
  }

  static Throwable cancelled() {
    return Status.CANCELLED.withDescription("xDS client closed the stream").asException();
  }
}
