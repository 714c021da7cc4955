package io.meshbridge.registry.eureka;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Answers requests from queued, recorded answers; "down" makes every request fail. */
final class RecordedTransport implements EurekaTransport {

  static final URI SERVER = URI.create("http://eureka.test:8761/eureka/");

  private final Map<String, Deque<Response>> answers = new HashMap<>();
  private final List<String> requests = new ArrayList<>();
  private boolean down;

  RecordedTransport answer(String path, int status, String body) {
    answers.computeIfAbsent(path, p -> new ArrayDeque<>()).add(new Response(SERVER, status, body));
    return this;
  }

  RecordedTransport down(boolean value) {
    down = value;
    return this;
  }

  /** The paths requested, in order. */
  List<String> requests() {
    return requests;
  }

  @Override
  public Response send(Request request) {
    requests.add(request.path());
    if (down) {
      throw new EurekaUnavailableException(
          request.method()
              + " "
              + request.path()
              + ": no Eureka server answered ("
              + SERVER
              + ": java.net.ConnectException)");
    }
    Deque<Response> queued = answers.get(request.path());
    if (queued == null || queued.isEmpty()) {
      throw new AssertionError("no recorded answer left for " + request.path());
    }
    return queued.poll();
  }
}
