package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.meshbridge.proxy.config.rbac.Principal.RemoteIp;
import java.util.ArrayList;
import java.util.List;

/**
 * RBAC {@code Permission} and {@code Principal} → their config records. Permissions: {@code any},
 * {@code and_rules}, {@code or_rules}, {@code not_rule}, {@code header}, {@code url_path}, {@code
 * destination_port}, {@code destination_ip}. Principals: {@code any}, {@code and_ids}, {@code
 * or_ids}, {@code not_id}, {@code authenticated}, {@code direct_remote_ip}, {@code remote_ip},
 * {@code source_ip}, {@code header}, {@code url_path}. Anything else is rejected by name.
 */
final class RbacMatcherConverter {

  static final String PERMISSIONS =
      "any, and_rules, or_rules, not_rule, header, url_path, destination_port, destination_ip";
  static final String PRINCIPALS =
      "any, and_ids, or_ids, not_id, authenticated, direct_remote_ip, remote_ip, source_ip,"
          + " header, url_path";

  private RbacMatcherConverter() {}

  static io.meshbridge.proxy.config.rbac.Permission permission(
      Permission p, FieldChecker check, String path) throws InvalidResourceException {
    return switch (p.getRuleCase()) {
      case ANY -> {
        requireTrue(p.getAny(), check, join(path, "any"));
        yield new io.meshbridge.proxy.config.rbac.Permission.Any();
      }
      case AND_RULES ->
          new io.meshbridge.proxy.config.rbac.Permission.And(
              permissions(p.getAndRules().getRulesList(), check, join(path, "and_rules.rules")));
      case OR_RULES ->
          new io.meshbridge.proxy.config.rbac.Permission.Or(
              permissions(p.getOrRules().getRulesList(), check, join(path, "or_rules.rules")));
      case NOT_RULE ->
          new io.meshbridge.proxy.config.rbac.Permission.Not(
              permission(p.getNotRule(), check, join(path, "not_rule")));
      case HEADER ->
          new io.meshbridge.proxy.config.rbac.Permission.Header(
              MatchConverter.header(p.getHeader(), check, join(path, "header")));
      case URL_PATH ->
          new io.meshbridge.proxy.config.rbac.Permission.UrlPath(
              RbacRulesConverter.path(p.getUrlPath(), check, join(path, "url_path")));
      case DESTINATION_PORT -> {
        if (p.getDestinationPort() > 65535) {
          throw check.invalid(
              join(path, "destination_port"), p.getDestinationPort() + " (expected: 0..65535)");
        }
        yield new io.meshbridge.proxy.config.rbac.Permission.DestinationPort(
            p.getDestinationPort());
      }
      case DESTINATION_IP ->
          new io.meshbridge.proxy.config.rbac.Permission.DestinationIp(
              RbacRulesConverter.cidr(p.getDestinationIp(), check, join(path, "destination_ip")));
      case RULE_NOT_SET ->
          throw check.invalid(path, "no rule (expected one of: " + PERMISSIONS + ")");
      default ->
          throw check.invalid(
              join(path, p.getDescriptorForType()
                  .findFieldByNumber(p.getRuleCase().getNumber()).getName()),
              "not supported (supported: " + PERMISSIONS + ")");
    };
  }

  static io.meshbridge.proxy.config.rbac.Principal principal(
      Principal p, FieldChecker check, String path) throws InvalidResourceException {
    return switch (p.getIdentifierCase()) {
      case ANY -> {
        requireTrue(p.getAny(), check, join(path, "any"));
        yield new io.meshbridge.proxy.config.rbac.Principal.Any();
      }
      case AND_IDS ->
          new io.meshbridge.proxy.config.rbac.Principal.And(
              principals(p.getAndIds().getIdsList(), check, join(path, "and_ids.ids")));
      case OR_IDS ->
          new io.meshbridge.proxy.config.rbac.Principal.Or(
              principals(p.getOrIds().getIdsList(), check, join(path, "or_ids.ids")));
      case NOT_ID ->
          new io.meshbridge.proxy.config.rbac.Principal.Not(
              principal(p.getNotId(), check, join(path, "not_id")));
      case AUTHENTICATED -> {
        String at = join(path, "authenticated");
        check.onlySupported(p.getAuthenticated(), at, "principal_name");
        yield new io.meshbridge.proxy.config.rbac.Principal.Authenticated(
            p.getAuthenticated().hasPrincipalName()
                ? MatchConverter.string(
                    p.getAuthenticated().getPrincipalName(), check, join(at, "principal_name"))
                : null);
      }
      case DIRECT_REMOTE_IP ->
          new RemoteIp(
              RemoteIp.Kind.DIRECT_REMOTE_IP,
              RbacRulesConverter.cidr(
                  p.getDirectRemoteIp(), check, join(path, "direct_remote_ip")));
      case REMOTE_IP ->
          new RemoteIp(RemoteIp.Kind.REMOTE_IP,
              RbacRulesConverter.cidr(p.getRemoteIp(), check, join(path, "remote_ip")));
      case SOURCE_IP -> sourceIp(p, check, path);
      case HEADER ->
          new io.meshbridge.proxy.config.rbac.Principal.Header(
              MatchConverter.header(p.getHeader(), check, join(path, "header")));
      case URL_PATH ->
          new io.meshbridge.proxy.config.rbac.Principal.UrlPath(
              RbacRulesConverter.path(p.getUrlPath(), check, join(path, "url_path")));
      case IDENTIFIER_NOT_SET ->
          throw check.invalid(path, "no identifier (expected one of: " + PRINCIPALS + ")");
      default ->
          throw check.invalid(
              join(path, p.getDescriptorForType()
                  .findFieldByNumber(p.getIdentifierCase().getNumber()).getName()),
              "not supported (supported: " + PRINCIPALS + ")");
    };
  }

  @SuppressWarnings("deprecation") // source_ip is deprecated in Envoy's API but still accepted
  private static RemoteIp sourceIp(Principal p, FieldChecker check, String path)
      throws InvalidResourceException {
    return new RemoteIp(RemoteIp.Kind.SOURCE_IP,
        RbacRulesConverter.cidr(p.getSourceIp(), check, join(path, "source_ip")));
  }

  private static List<io.meshbridge.proxy.config.rbac.Permission> permissions(
      List<Permission> rules, FieldChecker check, String path) throws InvalidResourceException {
    if (rules.isEmpty()) {
      throw check.invalid(path, "empty (expected: at least 1, as Envoy)");
    }
    List<io.meshbridge.proxy.config.rbac.Permission> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      out.add(permission(rules.get(i), check, at(path, i)));
    }
    return out;
  }

  private static List<io.meshbridge.proxy.config.rbac.Principal> principals(
      List<Principal> ids, FieldChecker check, String path) throws InvalidResourceException {
    if (ids.isEmpty()) {
      throw check.invalid(path, "empty (expected: at least 1, as Envoy)");
    }
    List<io.meshbridge.proxy.config.rbac.Principal> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      out.add(principal(ids.get(i), check, at(path, i)));
    }
    return out;
  }

  private static void requireTrue(boolean any, FieldChecker check, String path)
      throws InvalidResourceException {
    if (!any) {
      throw check.invalid(path, "false (expected: true, as Envoy)");
    }
  }
}
