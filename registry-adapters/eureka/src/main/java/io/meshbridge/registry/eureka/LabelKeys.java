package io.meshbridge.registry.eureka;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label keys as Eureka metadata keys. Metadata keys are XML element names in Eureka's XML
 * representation, so a prefixed label key such as Istio's {@code security.istio.io/tlsMode} (auto
 * mTLS) cannot be one: its {@code /} is written {@code __}, giving {@code
 * security.istio.io__tlsMode}. Read back, a metadata key {@code <prefix>__<name>} whose prefix is a
 * DNS subdomain with at least one dot is the label {@code <prefix>/<name>}; any other key is the
 * label as it is.
 */
final class LabelKeys {

  /** How a label key's {@code /} is written in a metadata key. */
  static final String SLASH = "__";

  private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern ESCAPED = Pattern.compile(
      "(?<prefix>" + DNS_LABEL + "(\\." + DNS_LABEL + ")+)" + SLASH + "(?<name>.+)");

  private LabelKeys() {}

  /** The label a metadata key stands for. */
  static String toLabel(String metadataKey) {
    Matcher m = ESCAPED.matcher(metadataKey);
    return m.matches() ? m.group("prefix") + "/" + m.group("name") : metadataKey;
  }

  /**
   * The metadata key for a label key.
   *
   * @throws IllegalArgumentException naming the label, when no metadata key reads back as it
   */
  static String toMetadataKey(String label) {
    int slash = label.indexOf('/');
    String key = slash < 0 ? label
        : label.substring(0, slash) + SLASH + label.substring(slash + 1);
    if (!XML_NAME.matcher(key).matches() || !toLabel(key).equals(label)) {
      throw new IllegalArgumentException("labels: key '" + label + "' (expected: an XML name,"
          + " e.g. version or team.name, as Eureka metadata keys are, or <dns.prefix>/<name>,"
          + " e.g. security.istio.io/tlsMode, written " + "security.istio.io" + SLASH + "tlsMode;"
          + " a key with '" + SLASH + "' after a dotted prefix would read back as a '/')");
    }
    return key;
  }
}
