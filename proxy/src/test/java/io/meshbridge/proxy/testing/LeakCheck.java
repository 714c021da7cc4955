package io.meshbridge.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (PARANOID in this build) reported a buffer that was
 * garbage collected without being released. After the class it collects garbage and allocates a
 * little, which is when the detector reports.
 */
public final class LeakCheck implements AfterAllCallback {

  private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

  static {
    ByteBufUtil.setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    for (int i = 0; i < 3; i++) {
      System.gc();
      for (int j = 0; j < 64; j++) {
        for (ByteBuf b :
            List.of(
                ByteBufAllocator.DEFAULT.buffer(16),
                ByteBufAllocator.DEFAULT.directBuffer(16),
                Unpooled.buffer(16))) {
          b.release();
        }
      }
    }
    assertThat(LEAKS).as("leaks reported by Netty's leak detector").isEmpty();
  }
}
