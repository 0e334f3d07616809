package dev.yieldfrom.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README's module-info advice: the program at the top of README, in a named module that requires
 * what README says, compiled with the processor and run from the module path.
 */
class ModuleSetupIT {
  @Test
  void readmeProgramRunsInANamedModule() throws IOException {
    Path directory = Build.freshDirectory("module");
    Path sources = Files.createDirectories(directory.resolve("src/com/example"));
    Files.writeString(
        sources.resolve("Chain.java"), "package com.example;\n\n" + Readme.load().firstJavaProgram());
    Files.writeString(
        directory.resolve("src/module-info.java"),
        """
        module com.example {
          requires dev.yieldfrom.runtime;
          requires dev.yieldfrom.annotations;
        }
        """);
    String modulePath = Build.jar("runtime") + File.pathSeparator + Build.jar("annotations");

    Command.Result compiled =
        Command.run(
            directory,
            Map.of(),
            List.of(
                "javac", "-Xlint:requires-automatic",
                "--module-path", modulePath,
                "--processor-path", Build.jar("processor").toString(),
                "-s", "generated", "-d", "classes",
                "src/module-info.java", "src/com/example/Chain.java"));
    compiled.succeeded("javac of a named module");
    assertTrue(
        compiled.err().contains("requires directive for an automatic module"),
        "README: -Xlint:requires-automatic warns\n" + compiled.err());
    // This module does not read java.compiler, so the generated classes do without @Generated.
    assertFalse(
        Files.readString(directory.resolve("generated/com/example/ChainCoroutines.java"))
            .contains("@Generated"));

    String output =
        Command.run(
                directory,
                Map.of(),
                List.of(
                    "java",
                    "--module-path", "classes" + File.pathSeparator + modulePath,
                    "--module", "com.example/com.example.Chain"))
            .succeeded("java --module");
    assertEquals("in outer\nresult1 / result2 derived from result1\n", output);
  }
}
