package io.meshbridge.testing.consul;

import java.util.Map;

/**
 * The agent's write endpoints a registrar uses: {@code PUT /v1/agent/service/register}, {@code PUT
 * /v1/agent/service/deregister/<id>}, {@code PUT /v1/agent/check/pass|warn|fail/<id>}, {@code PUT
 * /v1/agent/check/update/<id>}, and {@code GET /v1/agent/services}.
 */
final class AgentEndpoints {

  private final Catalog catalog;
  private final Acl acl;

  AgentEndpoints(Catalog catalog, Acl acl) {
    this.catalog = catalog;
    this.acl = acl;
  }

  Reply register(Request request) {
    RegistrationParser.Registration registration =
        RegistrationParser.parse(request.body(), catalog.agentNode(), catalog.agentAddress());
    requireWrite(request, "service:write", registration.instance().name());
    catalog.register(
        catalog.agentDatacenter(),
        registration.instance(),
        true,
        registration.checks(),
        request.flag("replace-existing-checks"));
    return Reply.ok();
  }

  /** Removes the service and its checks; an unknown ID is not an error, as Consul documents. */
  Reply deregister(Request request, String serviceId) {
    requireWrite(request, "service:write", serviceId);
    catalog.deregister(catalog.agentDatacenter(), serviceId);
    return Reply.ok();
  }

  /** {@code pass}, {@code warn} or {@code fail}: sets the status, resets the TTL clock. */
  Reply ttl(Request request, String verb, String checkId) {
    CheckStatus status =
        switch (verb) {
          case "pass" -> CheckStatus.PASSING;
          case "warn" -> CheckStatus.WARNING;
          default -> CheckStatus.CRITICAL;
        };
    return updateTtl(request, checkId, status, request.query().getOrDefault("note", ""));
  }

  Reply update(Request request, String checkId) {
    Map<String, String> body = RegistrationParser.parseUpdate(request.body());
    CheckStatus status;
    try {
      status = CheckStatus.parse(body.get("status"));
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("Invalid check status: \"" + body.get("status") + "\"");
    }
    return updateTtl(request, checkId, status, body.get("output"));
  }

  Reply services(Request request) {
    Acl.Access access = acl.access(request.token());
    return Reply.json(
        catalog.view(
            catalog.agentDatacenter(),
            d ->
                access == Acl.Access.NONE
                    ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    : HealthJson.agentServices(d, catalog.agentNode())));
  }

  private Reply updateTtl(Request request, String checkId, CheckStatus status, String output) {
    requireWrite(request, "node:write", catalog.agentNode());
    if (!catalog.updateTtl(checkId, status, output)) {
      throw new HttpError(500, "CheckID \"" + checkId + "\" does not have associated TTL");
    }
    return Reply.ok();
  }

  private void requireWrite(Request request, String permission, String resource) {
    if (acl.access(request.token()) != Acl.Access.WRITE) {
      throw Acl.permissionDenied(request.token(), permission, resource);
    }
  }
}
