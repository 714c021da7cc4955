package io.meshbridge.testing.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer: status, headers, body. */
record Reply(int status, Map<String, String> headers, byte[] body) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Reply json(JsonNode body) {
    try {
      return new Reply(
          200,
          new LinkedHashMap<>(Map.of("Content-Type", "application/json")),
          MAPPER.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  /** A blocking-query answer: the body and Consul's index and leader headers. */
  static Reply indexed(Catalog.Indexed result) {
    Reply reply = json(result.body());
    reply.headers.put("X-Consul-Index", Long.toString(result.index()));
    reply.headers.put("X-Consul-KnownLeader", "true");
    reply.headers.put("X-Consul-LastContact", "0");
    reply.headers.put("X-Consul-Effective-Consistency", "leader");
    return reply;
  }

  /** The empty 200 the agent's write endpoints answer with. */
  static Reply ok() {
    return new Reply(200, new LinkedHashMap<>(), new byte[0]);
  }

  static Reply text(int status, String text) {
    return new Reply(
        status,
        new LinkedHashMap<>(Map.of("Content-Type", "text/plain; charset=utf-8")),
        text.getBytes(StandardCharsets.UTF_8));
  }
}
