package io.meshbridge.agent;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT handled by the agent rather than by the JVM's shutdown (which would exit
 * 143): {@code sun.misc.Signal} from the {@code jdk.unsupported} module, reached reflectively so
 * the build stays free of its compile-time warning.
 */
final class Signals {

  private static final Logger logger = LoggerFactory.getLogger(Signals.class);

  /**
   * Runs {@code action} on a new thread on SIGTERM or SIGINT.
   *
   * @return false if the signals cannot be handled here (the JVM's default stays)
   */
  static boolean onTermination(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      InvocationHandler invocation = (proxy, method, args) -> handle(proxy, method, args, action);
      Object h = Proxy.newProxyInstance(
          Signals.class.getClassLoader(), new Class<?>[] {handler}, invocation);
      Method handle = signal.getMethod("handle", signal, handler);
      for (String name : new String[] {"TERM", "INT"}) {
        handle.invoke(null, signal.getConstructor(String.class).newInstance(name), h);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      logger.debug("sun.misc.Signal is not usable", e);
      return false;
    }
  }

  private static @Nullable Object handle(
      Object proxy, Method method, Object[] args, Runnable action) {
    switch (method.getName()) {
      case "handle" -> {
        logger.info("{} received", args[0]);
        new Thread(action, "agent-stop").start();
        return null;
      }
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      case "equals" -> {
        return proxy == args[0];
      }
      default -> {
        return "meshbridge-agent signal handler";
      }
    }
  }

  private Signals() {}
}
