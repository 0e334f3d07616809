package dev.yieldfrom.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README's plain-javac commands, run verbatim by a shell with {@code YF} set to this clone (whose
 * jars this build has just packaged), on the program at the top of README.
 */
class JavacSetupIT {
  @Test
  void readmeJavacCommandsCompileAndRunReadmeProgram() throws IOException {
    Readme readme = Readme.load();
    List<Readme.Block> blocks = readme.section("### With plain javac");
    assertEquals(1, blocks.size(), "one block of commands under README's plain-javac heading");
    Path directory = Build.freshDirectory("javac");
    Files.writeString(directory.resolve("Chain.java"), readme.firstJavaProgram());

    String output =
        Command.run(
                directory,
                Map.of("YF", Build.checkout().toString()),
                List.of("bash", "-euc", blocks.get(0).text()))
            .succeeded("README's javac commands");

    assertEquals("in outer\nresult1 / result2 derived from result1\n", output);
    assertTrue(
        Files.isRegularFile(directory.resolve("generated/ChainCoroutines.java")),
        "generated sources are under -s");
    assertTrue(
        Files.notExists(directory.resolve("classes/ChainCoroutines.java")),
        "no generated source among the classes");
  }
}
