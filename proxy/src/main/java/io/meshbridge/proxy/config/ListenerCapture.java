package io.meshbridge.proxy.config;

/**
 * How a listener takes connections captured by the kernel for other addresses (TPROXY), as
 * Envoy's listener fields.
 *
 * @param transparent {@code transparent: true}: the listening socket gets {@code IP_TRANSPARENT},
 *     so it accepts connections for any address that a TPROXY rule delivers to it
 * @param originalDst {@code envoy.filters.listener.original_dst} (or implied by {@code
 *     useOriginalDst}): an accepted connection's local address is its original destination, read
 *     by {@code ORIGINAL_DST} clusters
 * @param useOriginalDst {@code use_original_dst: true}: a connection whose original destination is
 *     another listener's address is handed to that listener
 */
public record ListenerCapture(boolean transparent, boolean originalDst, boolean useOriginalDst) {

  /** A listener that takes only connections to its own address. */
  public static final ListenerCapture NONE = new ListenerCapture(false, false, false);

  public ListenerCapture {
    if (useOriginalDst && !originalDst) {
      throw new IllegalArgumentException(
          "originalDst: false with useOriginalDst (expected: true, use_original_dst implies it)");
    }
  }
}
