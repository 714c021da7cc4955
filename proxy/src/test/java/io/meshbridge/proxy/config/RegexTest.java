package io.meshbridge.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegexTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/a(?=b)", "/a(?!b)", "(?<=a)b", "(?<!a)b", "(a)\\1", "(?<n>a)\\k<n>", "(?>a)", "a*+",
        "a++", "a?+", "a{2}+", "\\Gx", "a\\Z", "\\R", "\\X"
      })
  void rejectsWhatRe2DoesNotHave(String pattern) {
    assertThatThrownBy(() -> new Regex(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("regex: '" + pattern + "' uses ")
        .hasMessageEndingWith(" (expected: RE2 syntax)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          /v[0-9]+/.*    | /v12/x   | true
          [+]+           | ++       | true
          \\++           | ++       | true
          a+?            | aaa      | true
          [(?=]x         | (x       | true
          [\\]?=]+       | ]?=      | true
          (?i)abc        | ABC      | true
          (?:ab)+        | abab     | true
          (?<name>a)b    | ab       | true
          \\d{3}         | 1234     | false
          """)
  void acceptsRe2SyntaxAndMatchesTheWholeInput(String pattern, String input, boolean matches) {
    assertThat(new Regex(pattern).matches(input)).isEqualTo(matches);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a(", "[a", "*a"})
  void rejectsWhatDoesNotCompile(String pattern) {
    assertThatThrownBy(() -> new Regex(pattern))
        .hasMessageStartingWith("regex: '" + pattern + "' is invalid: ");
  }
}
