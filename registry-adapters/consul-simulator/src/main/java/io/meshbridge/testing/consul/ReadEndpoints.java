package io.meshbridge.testing.consul;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meshbridge.testing.consul.Catalog.Indexed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/catalog/services} and {@code GET /v1/health/service/<name>}: blocking queries with
 * {@code index} and {@code wait}, the {@code dc} and {@code passing} parameters, ACL filtering.
 */
final class ReadEndpoints {

  static final long DEFAULT_WAIT_NANOS = TimeUnit.MINUTES.toNanos(5);
  static final long MAX_WAIT_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final Catalog catalog;
  private final Acl acl;

  ReadEndpoints(Catalog catalog, Acl acl) {
    this.catalog = catalog;
    this.acl = acl;
  }

  Reply catalogServices(Request request) throws InterruptedException {
    Acl.Access access = acl.access(request.token());
    Indexed result =
        catalog.read(
            datacenter(request),
            index(request),
            waitNanos(request),
            HealthJson::catalogServicesIndex,
            HealthJson::catalogServices);
    if (access == Acl.Access.NONE) {
      result = new Indexed(result.index(), JsonNodeFactory.instance.objectNode());
    }
    return Reply.indexed(result);
  }

  Reply healthService(Request request, String name) throws InterruptedException {
    if (name.isEmpty()) {
      throw HttpError.badRequest("Missing service name");
    }
    Acl.Access access = acl.access(request.token());
    boolean passing = request.flag("passing");
    Indexed result =
        catalog.read(
            datacenter(request),
            index(request),
            waitNanos(request),
            d -> d.serviceIndex(name),
            d -> HealthJson.healthService(d, name, passing));
    if (access == Acl.Access.NONE) {
      result = new Indexed(result.index(), JsonNodeFactory.instance.arrayNode());
    }
    return Reply.indexed(result);
  }

  private String datacenter(Request request) {
    String dc = request.query().getOrDefault("dc", "");
    return dc.isEmpty() ? catalog.agentDatacenter() : dc;
  }

  private static long index(Request request) {
    String index = request.query().get("index");
    if (index == null || index.isEmpty()) {
      return 0;
    }
    try {
      long value = Long.parseUnsignedLong(index);
      return value < 0 ? Long.MAX_VALUE : value;
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("Invalid index");
    }
  }

  /** {@code wait} (default 5m, at most 10m) plus Consul's random stagger of up to wait/16. */
  private static long waitNanos(Request request) {
    String wait = request.query().get("wait");
    long nanos = DEFAULT_WAIT_NANOS;
    if (wait != null && !wait.isEmpty()) {
      try {
        nanos = GoDuration.parseNanos(wait);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("Invalid wait time");
      }
    }
    if (nanos <= 0 || nanos > MAX_WAIT_NANOS) {
      nanos = nanos <= 0 ? DEFAULT_WAIT_NANOS : MAX_WAIT_NANOS;
    }
    return nanos + ThreadLocalRandom.current().nextLong(nanos / 16 + 1);
  }
}
