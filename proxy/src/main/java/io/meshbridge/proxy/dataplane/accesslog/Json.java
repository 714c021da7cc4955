package io.meshbridge.proxy.dataplane.accesslog;

/** A flat JSON object written field by field, with strings escaped as RFC 8259 asks. */
final class Json {

  private final StringBuilder out = new StringBuilder(256).append('{');

  void field(String name, String value) {
    name(name);
    quote(value);
  }

  void field(String name, long value) {
    name(name);
    out.append(value);
  }

  String end() {
    return out.append('}').toString();
  }

  private void name(String name) {
    if (out.length() > 1) {
      out.append(',');
    }
    quote(name);
    out.append(':');
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
