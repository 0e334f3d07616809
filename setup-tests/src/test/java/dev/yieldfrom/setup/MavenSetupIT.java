package dev.yieldfrom.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README's "Using it in a Maven build", followed to the letter: its pom.xml and the program at
 * the top of README, in a new project, built and run with README's command by the Maven running
 * this build. yieldfrom comes from a repository of this build's own (filled by invoker:install,
 * as {@code mvn install} fills {@code ~/.m2}); everything else from this build's local repository
 * where it is there already, else from Maven Central.
 */
class MavenSetupIT {
  private static final String HEADING = "## Using it in a Maven build";

  @Test
  void readmePomBuildsAndRunsReadmeProgram() throws IOException {
    Readme readme = Readme.load();
    List<Readme.Block> blocks = readme.section(HEADING);
    int pom = indexOf(blocks, "xml");
    Readme.Block run = blocks.get(pom + 1);
    assertTrue(run.text().startsWith("mvn "), "README's command after the pom: " + run.text());

    Path project = Build.freshDirectory("maven-project");
    Files.writeString(project.resolve("pom.xml"), blocks.get(pom).text());
    Path sources = Files.createDirectories(project.resolve("src/main/java"));
    Files.writeString(sources.resolve("Chain.java"), readme.firstJavaProgram());
    Path settings = project.resolve("settings.xml");
    Files.writeString(settings, settings());

    List<String> command = new ArrayList<>();
    command.add(Build.path("setup.mavenHome").resolve("bin").resolve("mvn").toString());
    command.addAll(List.of("-B", "-s", settings.toString())); // batch mode, this test's settings
    command.addAll(Arrays.asList(run.text().trim().substring("mvn ".length()).split("\\s+")));
    String output =
        Command.run(project, Map.of(), command)
            .succeeded(String.join(" ", command))
            // Some Maven 3.8 builds (Debian's) reset the colour even in batch mode.
            .replaceAll("\u001B\\[[0-9;]*m", "");

    assertEquals("in outer\nresult1 / result2 derived from result1\n", output);
    assertTrue(
        Files.isRegularFile(
            project.resolve("target/generated-sources/annotations/ChainCoroutines.java")),
        "the processor wrote its sources where README says");
  }

  private static int indexOf(List<Readme.Block> blocks, String info) {
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).info().equals(info)) {
        return i;
      }
    }
    throw new AssertionError("no ```" + info + " block under " + HEADING);
  }

  /**
   * The installed yieldfrom artifacts are the local repository; this build's own local
   * repository is searched as a remote one before Maven Central, so only what it lacks (the
   * default plugins of the Maven version running) is downloaded.
   */
  private static String settings() {
    String outer = Build.path("setup.outerRepository").toUri().toString();
    return """
        <settings>
          <localRepository>%s</localRepository>
          <profiles>
            <profile>
              <id>outer-repository</id>
              <repositories>
                <repository>
                  <id>outer-repository</id>
                  <url>%s</url>
                </repository>
              </repositories>
              <pluginRepositories>
                <pluginRepository>
                  <id>outer-repository</id>
                  <url>%s</url>
                </pluginRepository>
              </pluginRepositories>
            </profile>
          </profiles>
          <activeProfiles>
            <activeProfile>outer-repository</activeProfile>
          </activeProfiles>
        </settings>
        """
        .formatted(Build.path("setup.repository"), outer, outer);
  }
}
