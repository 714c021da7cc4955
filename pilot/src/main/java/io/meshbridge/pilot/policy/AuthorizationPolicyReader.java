package io.meshbridge.pilot.policy;

import io.meshbridge.pilot.policy.AuthorizationRule.Attribute;
import io.meshbridge.pilot.policy.AuthorizationRule.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an AuthorizationPolicy's {@code spec}: selector, action, and rules with the fields of
 * docs/xds.md's table (listed in {@link AcceptedFields}); anything else is rejected by name.
 */
final class AuthorizationPolicyReader {

  /** {@code source} field → attribute; the {@code not} form of each is accepted too. */
  private static final Map<String, Attribute> SOURCE =
      Map.of(
          "principals", Attribute.PRINCIPAL,
          "namespaces", Attribute.NAMESPACE,
          "ipBlocks", Attribute.SOURCE_IP,
          "remoteIpBlocks", Attribute.REMOTE_IP);

  /** {@code operation} field → attribute; the {@code not} form of each is accepted too. */
  private static final Map<String, Attribute> OPERATION =
      Map.of(
          "hosts", Attribute.HOST,
          "ports", Attribute.PORT,
          "methods", Attribute.METHOD,
          "paths", Attribute.PATH);

  /** {@code when[].key} → attribute, except {@code request.headers[<name>]}. */
  private static final Map<String, Attribute> KEYS =
      Map.of(
          "source.principal", Attribute.PRINCIPAL,
          "source.namespace", Attribute.NAMESPACE,
          "source.ip", Attribute.SOURCE_IP,
          "remote.ip", Attribute.REMOTE_IP,
          "destination.port", Attribute.PORT);

  static AuthorizationPolicy read(Field spec, String namespace, String name, String source) {
    spec.only(AcceptedFields.AUTHORIZATION_POLICY);
    Map<String, String> selector = Selectors.read(spec);
    AuthorizationPolicy.Action action = action(spec);
    List<AuthorizationRule> rules = spec.list("rules", AuthorizationPolicyReader::rule);
    return new AuthorizationPolicy(namespace, name, selector, action, rules, source);
  }

  private static AuthorizationPolicy.Action action(Field spec) {
    if (!spec.has("action")) {
      return AuthorizationPolicy.Action.ALLOW;
    }
    Field f = spec.child("action");
    String value = f.text();
    return switch (value) {
      case "ALLOW" -> AuthorizationPolicy.Action.ALLOW;
      case "DENY" -> AuthorizationPolicy.Action.DENY;
      case "AUDIT" -> AuthorizationPolicy.Action.AUDIT;
      case "CUSTOM" -> throw f.error("CUSTOM is not supported");
      default -> throw f.error("'" + value + "' (expected: ALLOW, DENY or AUDIT)");
    };
  }

  private static AuthorizationRule rule(Field f) {
    f.only(AcceptedFields.AUTHORIZATION_RULE);
    List<List<Match>> from =
        f.list("from", e -> fields(e.only(AcceptedFields.RULE_FROM).child("source"),
            AcceptedFields.RULE_SOURCE, SOURCE));
    List<List<Match>> to =
        f.list("to", e -> fields(e.only(AcceptedFields.RULE_TO).child("operation"),
            AcceptedFields.RULE_OPERATION, OPERATION));
    List<Match> when = new ArrayList<>();
    f.list("when", c -> when.addAll(condition(c)));
    return new AuthorizationRule(from, to, when);
  }

  private static List<Match> fields(
      Field f, java.util.Set<String> accepted, Map<String, Attribute> attributes) {
    if (f.node().isMissingNode() || f.node().isNull()) {
      throw f.error("required");
    }
    f.only(accepted);
    List<Match> out = new ArrayList<>();
    f.node().fieldNames().forEachRemaining(name -> {
      boolean negated = name.startsWith("not");
      String base = negated ? Character.toLowerCase(name.charAt(3)) + name.substring(4) : name;
      Attribute attribute = attributes.get(base);
      out.add(match(f.child(name), attribute, "", negated));
    });
    if (out.isEmpty()) {
      throw f.error("expected at least one field");
    }
    return out;
  }

  private static List<Match> condition(Field c) {
    c.only(AcceptedFields.RULE_CONDITION);
    Field keyField = c.child("key");
    String key = keyField.text();
    Attribute attribute = KEYS.get(key);
    String header = "";
    if (attribute == null && key.startsWith("request.headers[") && key.endsWith("]")
        && key.length() > "request.headers[]".length()) {
      attribute = Attribute.REQUEST_HEADER;
      header = key.substring("request.headers[".length(), key.length() - 1)
          .toLowerCase(java.util.Locale.ROOT);
    }
    if (attribute == null) {
      throw keyField.error("'" + key + "' is not supported (expected: request.headers[<name>],"
          + " source.principal, source.namespace, source.ip, remote.ip or destination.port)");
    }
    if (!c.has("values") && !c.has("notValues")) {
      throw c.error("expected values or notValues");
    }
    List<Match> out = new ArrayList<>();
    if (c.has("values")) {
      out.add(match(c.child("values"), attribute, header, false));
    }
    if (c.has("notValues")) {
      out.add(match(c.child("notValues"), attribute, header, true));
    }
    return out;
  }

  private static Match match(Field list, Attribute attribute, String header, boolean negated) {
    if (!list.node().isArray()) {
      throw list.error("expected a list");
    }
    if (list.node().isEmpty()) {
      throw list.error("expected at least one value");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < list.node().size(); i++) {
      Field v = new Field(list.path() + "[" + i + "]", list.node().get(i));
      values.add(AuthorizationValues.check(v, attribute));
    }
    return new Match(attribute, header, negated, values, list.path());
  }

  private AuthorizationPolicyReader() {}
}
