package io.meshbridge.registry.eureka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One instance as Eureka sent it, before conversion: what the local copy of the registry keeps.
 *
 * @param app the application name, upper case as Eureka keys it
 * @param id the instance id (Eureka's {@code instanceId}, else its {@code hostName})
 * @param status Eureka's status, e.g. {@code UP}; counted by the apps hash code as sent
 * @param actionType in a delta: {@code ADDED}, {@code MODIFIED} or {@code DELETED}
 * @param json the instance object, read only
 */
record InstanceRecord(
    String app, String id, String status, @Nullable String actionType, JsonNode json) {

  InstanceRecord {
    requireNonNull(app, "app");
    requireNonNull(id, "id");
    requireNonNull(status, "status");
    requireNonNull(json, "json");
  }

  /** {@code app ORDERS instance orders-1}, for problems and logs. */
  String describe() {
    return "app " + app + " instance " + id;
  }
}
