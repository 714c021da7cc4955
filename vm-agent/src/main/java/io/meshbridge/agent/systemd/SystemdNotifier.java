package io.meshbridge.agent.systemd;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code sd_notify(3)} messages ({@code READY=1}, {@code WATCHDOG=1}, {@code STOPPING=1},
 * {@code STATUS=...}) as datagrams to the unix socket systemd names in {@code NOTIFY_SOCKET}: a
 * path, or {@code @name} for the abstract namespace. Runs on its own one epoll event loop; {@link
 * #send} never blocks. Without {@code NOTIFY_SOCKET} (not run by systemd) use {@link #NONE}.
 */
public class SystemdNotifier implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(SystemdNotifier.class);

  /** Sends nothing: the agent is not run by a {@code Type=notify} unit. */
  public static final SystemdNotifier NONE = new SystemdNotifier();

  private final @Nullable EventLoopGroup group;
  private final @Nullable Channel channel;
  private final @Nullable DomainSocketAddress target;
  private final String describe;

  private SystemdNotifier() {
    this.group = null;
    this.channel = null;
    this.target = null;
    this.describe = "none";
  }

  private SystemdNotifier(String socket) {
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException(
          "NOTIFY_SOCKET=" + socket + ": native epoll is not available here",
          Epoll.unavailabilityCause());
    }
    // The abstract namespace: '@' in the variable, a leading NUL in sun_path.
    this.target = new DomainSocketAddress(socket.startsWith("@") ? "\0" + socket.substring(1) : socket);
    this.describe = socket;
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("sd-notify", true), EpollIoHandler.newFactory());
    try {
      this.channel =
          new Bootstrap()
              .group(group)
              .channel(EpollDomainDatagramChannel.class)
              .handler(new ChannelInboundHandlerAdapter())
              .connect(target)
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The notifier for {@code env}'s {@code NOTIFY_SOCKET}, or {@link #NONE} without it. */
  public static SystemdNotifier fromEnvironment(Map<String, String> env) {
    String socket = env.get("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) {
      return NONE;
    }
    try {
      return new SystemdNotifier(socket);
    } catch (RuntimeException e) {
      // sd_notify(3) ignores a socket it cannot reach; so does the agent, loudly.
      logger.warn("NOTIFY_SOCKET={}: cannot connect; systemd will not hear from the agent", socket, e);
      return NONE;
    }
  }

  /**
   * Half of {@code WATCHDOG_USEC} (systemd's advice), when the watchdog is on for this process
   * ({@code WATCHDOG_PID} absent or ours).
   */
  public static Optional<Duration> watchdogInterval(Map<String, String> env) {
    String usec = env.get("WATCHDOG_USEC");
    String pid = env.get("WATCHDOG_PID");
    if (usec == null || usec.isEmpty()) {
      return Optional.empty();
    }
    if (pid != null && !pid.isEmpty() && !pid.equals(Long.toString(ProcessHandle.current().pid()))) {
      return Optional.empty();
    }
    try {
      long micros = Long.parseLong(usec);
      if (micros <= 0) {
        throw new NumberFormatException();
      }
      return Optional.of(Duration.ofNanos(micros * 1000 / 2));
    } catch (NumberFormatException e) {
      logger.warn("WATCHDOG_USEC={}: not a positive number of microseconds; no watchdog", usec);
      return Optional.empty();
    }
  }

  /** Whether messages go anywhere. */
  public boolean enabled() {
    return channel != null;
  }

  /** Sends {@code state} (e.g. {@code READY=1}); a failure is logged, never thrown. */
  public void send(String state) {
    requireNonNull(state, "state");
    if (channel == null || target == null) {
      return;
    }
    channel
        .writeAndFlush(
            new DomainDatagramPacket(
                Unpooled.copiedBuffer(state, StandardCharsets.UTF_8), target))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                logger.warn("sd_notify {} to {} failed", state.replace('\n', ' '), describe, f.cause());
              }
            });
  }

  @Override
  public void close() {
    if (channel != null && group != null) {
      channel.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
