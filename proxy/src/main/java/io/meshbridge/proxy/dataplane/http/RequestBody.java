package io.meshbridge.proxy.dataplane.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The request body parts one request has received, kept so another attempt can replay them. While
 * replayable, every part is kept and attempts get duplicates; past {@link #LIMIT_BYTES} (or once
 * the response is committed) nothing is kept any more, and parts wait here only until an attempt
 * has a connection to write them to.
 */
final class RequestBody {

  /** Request bytes kept for a retry; a bigger body is not retried (Envoy's default buffer). */
  static final int LIMIT_BYTES = 64 * 1024;

  private final List<HttpContent> parts = new ArrayList<>(2);
  private List<Mirror> mirrors = List.of();
  private long bytes;
  private boolean replayable;

  RequestBody(boolean replayable) {
    this.replayable = replayable;
  }

  /** Whether every part received so far is kept (so a new attempt can send the whole body). */
  boolean replayable() {
    return replayable;
  }

  /** Every part from now on is also given to {@code mirrors}. */
  void mirrorTo(List<Mirror> mirrors) {
    this.mirrors = List.copyOf(mirrors);
  }

  /** Takes a new part; writes it to {@code attached}, the current attempt's connection, if any. */
  void add(HttpContent part, @Nullable Channel attached) {
    mirrors.forEach(m -> m.add(part));
    if (replayable) {
      bytes += part.content().readableBytes();
      if (bytes > LIMIT_BYTES) {
        stopKeeping(attached != null);
      }
    }
    if (replayable) {
      parts.add(part);
      if (attached != null) {
        attached.write(part.retainedDuplicate(), attached.voidPromise());
      }
    } else if (attached != null) {
      attached.write(part, attached.voidPromise());
    } else {
      parts.add(part);
    }
  }

  /** Writes everything received so far to a newly attached connection. */
  void writeTo(Channel ch) {
    for (HttpContent part : parts) {
      ch.write(replayable ? part.retainedDuplicate() : part, ch.voidPromise());
    }
    if (!replayable) {
      parts.clear();
    }
  }

  /**
   * No more replays (the response is committed, or the body is too big): releases what the
   * attached connection already has.
   */
  void stopKeeping(boolean attached) {
    if (replayable && attached) {
      releaseParts();
    }
    replayable = false;
  }

  /** Releases everything kept; mirrors of a request that will not complete are dropped. */
  void release() {
    releaseParts();
    mirrors.forEach(Mirror::abandon);
  }

  private void releaseParts() {
    parts.forEach(ReferenceCountUtil::release);
    parts.clear();
  }
}
