package io.meshbridge.registry.eureka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Eureka JSON documents for tests, shaped as the real server writes them. */
final class Payloads {

  /** An UP instance of {@code app} listening on {@code port}, VIP = app name in lower case. */
  static ObjectNode instance(String app, String id, String ip, int port) {
    ObjectNode i = ApplicationsJson.MAPPER.createObjectNode();
    i.put("instanceId", id)
        .put("hostName", id + ".example")
        .put("app", app)
        .put("ipAddr", ip)
        .put("status", "UP")
        .put("overriddenStatus", "UNKNOWN");
    i.putObject("port").put("$", port).put("@enabled", "true");
    i.putObject("securePort").put("$", 443).put("@enabled", "false");
    i.putObject("dataCenterInfo")
        .put("@class", "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo")
        .put("name", "MyOwn");
    i.putObject("metadata").put("@class", "java.util.Collections$EmptyMap");
    i.put("vipAddress", app.toLowerCase(java.util.Locale.ROOT));
    i.put("secureVipAddress", app.toLowerCase(java.util.Locale.ROOT));
    return i;
  }

  static ObjectNode withAction(ObjectNode instance, String actionType) {
    return instance.deepCopy().put("actionType", actionType);
  }

  static ObjectNode withStatus(ObjectNode instance, String status) {
    return instance.deepCopy().put("status", status);
  }

  static ObjectNode withMetadata(ObjectNode instance, Map<String, String> metadata) {
    ObjectNode copy = instance.deepCopy();
    ObjectNode meta = copy.putObject("metadata");
    metadata.forEach(meta::put);
    return copy;
  }

  /** {@code {"applications": {...}}} holding {@code instances}, grouped by their app. */
  static String applications(String hashCode, List<ObjectNode> instances) {
    ObjectNode root = ApplicationsJson.MAPPER.createObjectNode();
    ObjectNode apps = root.putObject("applications");
    apps.put("versions__delta", "1").put("apps__hashcode", hashCode);
    Map<String, ArrayNode> byApp = new LinkedHashMap<>();
    ArrayNode list = apps.putArray("application");
    for (ObjectNode instance : instances) {
      String app = instance.path("app").asText();
      byApp
          .computeIfAbsent(
              app,
              name -> {
                ObjectNode a = list.addObject().put("name", name);
                return a.putArray("instance");
              })
          .add(instance);
    }
    return root.toString();
  }

  private Payloads() {}
}
