package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Envoy's route {@code regex_rewrite}: in the request path (the query is kept as it is), every
 * non-overlapping match of {@code pattern} is replaced by {@code substitution}, in which {@code \N}
 * stands for capture group N and {@code \\} for a backslash (RE2's {@code GlobalReplace}).
 */
public final class PathRegexRewrite {

  private final Regex pattern;
  private final String substitution;
  private final Pattern compiled;

  /**
   * @throws IllegalArgumentException when {@code substitution} has a backslash that is neither
   *     {@code \} nor {@code \N} of one of the pattern's groups
   */
  public PathRegexRewrite(Regex pattern, String substitution) {
    this.pattern = requireNonNull(pattern, "pattern");
    this.substitution = requireNonNull(substitution, "substitution");
    this.compiled = Pattern.compile(pattern.pattern());
    int groups = compiled.matcher("").groupCount();
    for (int i = 0; i < substitution.length(); i++) {
      if (substitution.charAt(i) == '\\') {
        char next = i + 1 < substitution.length() ? substitution.charAt(i + 1) : ' ';
        if (next != '\\' && (next < '0' || next > '9' || next - '0' > groups)) {
          throw new IllegalArgumentException("substitution: '" + substitution + "' (expected: \\N"
              + " for a capture group 0.." + groups + " or \\\\ for a backslash)");
        }
        i++;
      }
    }
  }

  /** {@code target} (origin form, {@code path?query}) with its path rewritten. */
  public String apply(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    Matcher m = compiled.matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(expand(m)));
    }
    m.appendTail(out);
    return q < 0 ? out.toString() : out + target.substring(q);
  }

  private String expand(Matcher m) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < substitution.length(); i++) {
      char c = substitution.charAt(i);
      if (c == '\\') {
        char next = substitution.charAt(++i);
        if (next == '\\') {
          out.append('\\');
        } else {
          String group = m.group(next - '0');
          out.append(group == null ? "" : group);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  public Regex pattern() {
    return pattern;
  }

  public String substitution() {
    return substitution;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathRegexRewrite r
        && r.pattern.equals(pattern) && r.substitution.equals(substitution);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode() * 31 + substitution.hashCode();
  }

  @Override
  public String toString() {
    return "PathRegexRewrite[" + pattern.pattern() + " -> " + substitution + "]";
  }
}
