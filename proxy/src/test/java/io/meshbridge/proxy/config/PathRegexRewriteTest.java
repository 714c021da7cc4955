package io.meshbridge.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathRegexRewriteTest {

  @Test
  void rewritesEveryMatchOfThePathWithGroupsAndKeepsTheQuery() {
    PathRegexRewrite users =
        new PathRegexRewrite(new Regex("^/users/([0-9]+)/profile$"), "/profiles/\\1");
    assertThat(users.apply("/users/42/profile?x=/users/1/profile"))
        .isEqualTo("/profiles/42?x=/users/1/profile");
    assertThat(users.apply("/users/42/other")).as("no match: unchanged").isEqualTo("/users/42/other");

    PathRegexRewrite dashes = new PathRegexRewrite(new Regex("-"), "/");
    assertThat(dashes.apply("/a-b-c")).as("every match, as RE2's GlobalReplace").isEqualTo("/a/b/c");

    PathRegexRewrite literal = new PathRegexRewrite(new Regex("(a)(b)?"), "$x\\\\\\2\\0");
    assertThat(literal.apply("/a")).as("$ literal, \\\\ a backslash, unmatched group empty")
        .isEqualTo("/$x\\a");
  }

  @Test
  void rejectsAGroupThePatternDoesNotHaveAndALoneBackslash() {
    assertThatThrownBy(() -> new PathRegexRewrite(new Regex("(a)"), "\\2"))
        .hasMessageStartingWith("substitution: '\\2' (expected: \\N for a capture group 0..1");
    assertThatThrownBy(() -> new PathRegexRewrite(new Regex("a"), "x\\"))
        .hasMessageStartingWith("substitution: 'x\\'");
  }
}
