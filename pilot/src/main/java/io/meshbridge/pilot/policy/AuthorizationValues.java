package io.meshbridge.pilot.policy;

import io.meshbridge.pilot.policy.AuthorizationRule.Attribute;

/** Checks one value of an AuthorizationPolicy field by what it is about; returns it as text. */
final class AuthorizationValues {

  static String check(Field v, Attribute attribute) {
    return switch (attribute) {
      case PORT -> Integer.toString(Selectors.port(v));
      case SOURCE_IP, REMOTE_IP -> Addresses.ipOrCidr(v);
      case PATH -> {
        if (v.text().contains("{")) {
          throw v.error("'" + v.text() + "': path templates are not supported");
        }
        yield pattern(v);
      }
      default -> pattern(v);
    };
  }

  /** Istio's string patterns: exact, {@code prefix*}, {@code *suffix} or {@code *}. */
  private static String pattern(Field v) {
    String text = v.text();
    int star = text.indexOf('*');
    boolean ok = !text.isEmpty()
        && (star < 0 || text.equals("*")
            || (text.indexOf('*', star + 1) < 0 && (star == 0 || star == text.length() - 1)));
    if (!ok) {
      throw v.error("'" + text + "' (expected: exact, prefix*, *suffix or *)");
    }
    return text;
  }

  private AuthorizationValues() {}
}
