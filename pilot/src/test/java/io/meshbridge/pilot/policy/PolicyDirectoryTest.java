package io.meshbridge.pilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDirectoryTest {

  @TempDir Path dir;

  @Test
  void readsEveryYamlFileAndKeepsTheLastGoodVersionOfABadOne() throws Exception {
    Path reviews = Files.writeString(dir.resolve("reviews.yaml"), PolicyParserTest.REVIEWS);
    Files.writeString(dir.resolve("notes.txt"), "not policy");
    PolicyDirectory directory = new PolicyDirectory(dir);

    PolicySet first = directory.read();
    assertThat(first.rejections()).isEmpty();
    assertThat(first.virtualServices()).hasSize(1);

    Files.writeString(reviews, "a: [1, 2\n");
    PolicySet broken = directory.read();
    assertThat(broken.virtualServices()).isEqualTo(first.virtualServices());
    assertThat(broken.destinationRules()).isEqualTo(first.destinationRules());
    assertThat(broken.rejections()).singleElement().asString()
        .startsWith("file: reviews.yaml: line ")
        .contains("its last good resources stay applied");

    Files.writeString(reviews, PolicyParserTest.REVIEWS.replace("timeout: 1.5s", "timeout: 1.5s\n    delegate: {}"));
    PolicySet oneBad = directory.read();
    assertThat(oneBad.virtualServices()).isEqualTo(first.virtualServices());
    assertThat(oneBad.rejections()).singleElement().asString()
        .contains("VirtualService shop/reviews: spec.http[0].delegate: not supported; the last good"
            + " version stays applied");

    Files.delete(reviews);
    assertThat(directory.read()).isEqualTo(PolicySet.EMPTY);
  }

  @Test
  void aBadResourceWithoutAGoodPastIsRejectedAndTheOthersApply() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), PolicyParserTest.REVIEWS.replace("kind: VirtualService", "kind: VirtualService\nbogus: 1"));
    PolicySet set = new PolicyDirectory(dir).read();
    assertThat(set.destinationRules()).hasSize(1);
    assertThat(set.virtualServices()).isEmpty();
    assertThat(set.rejections()).singleElement().asString()
        .isEqualTo("VirtualService shop/reviews: bogus: not supported (a.yaml#1)");
  }
}
