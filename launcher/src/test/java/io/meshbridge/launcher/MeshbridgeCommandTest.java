package io.meshbridge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: each bad input is one error naming the flag, file or field, exit code 2. */
class MeshbridgeCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = Meshbridge.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void versionPrintsTheBuildVersion() {
    assertThat(run("version")).isZero();
    assertThat(out.toString() + System.lineSeparator()).isNotNull();
    assertThat(VersionCommand.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void noRoleIsAnError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("a role is required");
  }

  @Test
  void unknownFlagIsNamed() {
    assertThat(run("pilot", "--bogus")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--bogus'");
  }

  @Test
  void missingConfigFileIsNamed() {
    assertThat(run("pilot", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--config: ").contains("nope.yaml does not exist");
  }

  @Test
  void unknownPilotConfigFieldIsNamed() throws Exception {
    Path config = Files.writeString(dir.resolve("pilot.yaml"), "xds:\n  prot: 15010\n");
    assertThat(run("pilot", "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("xds.prot");
  }

  @Test
  void aPilotThatWouldServeXdsNowhereIsRefusedBeforeStarting() throws Exception {
    Path config = Files.writeString(dir.resolve("pilot.yaml"), "xds:\n  port: 15010\n");
    assertThat(run("pilot", "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("pilot would serve xDS nowhere").contains("xds.plaintext: true");
  }

  @Test
  void bootstrapWithoutNodeIdIsNamed() throws Exception {
    String withoutNodeId =
        QuickstartFiles.proxy(15010, 0).replace("  id: quickstart-proxy\n", "");
    Path bootstrap = Files.writeString(dir.resolve("proxy.yaml"), withoutNodeId);
    assertThat(run("proxy", "--bootstrap", bootstrap.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("proxy.yaml").contains("node.id");
  }
}
