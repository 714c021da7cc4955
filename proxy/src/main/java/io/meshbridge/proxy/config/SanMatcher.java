package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One {@code match_typed_subject_alt_names} entry: the peer certificate must have a SAN of this
 * type that the matcher accepts.
 *
 * @param type which SANs are looked at
 * @param exact whether {@code value} must equal the SAN; otherwise it is a prefix
 * @param value what the SAN is compared with
 */
public record SanMatcher(Type type, boolean exact, String value) {

  /** SAN types the proxy checks (Envoy's {@code SubjectAltNameMatcher.SanType}). */
  public enum Type {
    URI(6),
    DNS(2);

    private final int generalNameTag;

    Type(int generalNameTag) {
      this.generalNameTag = generalNameTag;
    }

    /** The {@code GeneralName} tag {@code X509Certificate#getSubjectAlternativeNames} reports. */
    public int generalNameTag() {
      return generalNameTag;
    }
  }

  public SanMatcher {
    requireNonNull(type, "type");
    requireNonNull(value, "value");
  }

  /** Whether one of {@code sans} (SAN type tag, value) pairs satisfies this matcher. */
  public boolean matches(List<? extends List<?>> sans) {
    for (List<?> san : sans) {
      if (san.size() >= 2
          && san.get(0) instanceof Integer tag
          && tag == type.generalNameTag()
          && san.get(1) instanceof String v
          && (exact ? v.equals(value) : v.startsWith(value))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return type + (exact ? " exact '" : " prefix '") + value + "'";
  }
}
