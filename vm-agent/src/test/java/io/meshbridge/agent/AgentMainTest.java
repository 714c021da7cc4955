package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentMainTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cmd = AgentMain.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void versionPrintsTheAgentsVersion() {
    assertThat(execute("--version")).isZero();
    assertThat(out.toString()).startsWith("meshbridge-agent 0.");
  }

  @Test
  void checkRejectsAnUnknownKeyNamingIt() throws IOException {
    Path config = Files.writeString(dir.resolve("agent.yaml"), "service: {name: a}\nbogus: 1\n");
    assertThat(execute("check", "--config", config.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("bogus");
  }

  @Test
  void checkOfAMissingFileFails() {
    assertThat(execute("check", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("nope.yaml");
  }
}
