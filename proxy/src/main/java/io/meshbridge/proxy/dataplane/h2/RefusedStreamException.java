package io.meshbridge.proxy.dataplane.h2;

/** An upstream HTTP/2 stream the upstream refused before processing it (see RefusedStreams). */
public final class RefusedStreamException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RefusedStreamException(String how) {
    super("upstream refused the stream: " + how, null, false, false);
  }
}
