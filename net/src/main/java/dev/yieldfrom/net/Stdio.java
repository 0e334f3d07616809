package dev.yieldfrom.net;

/** Where a subprocess's standard stream goes (asyncio's {@code subprocess.PIPE} and friends). */
public enum Stdio {
  /** A pipe: a {@link StreamWriter} for stdin, a {@link StreamReader} for stdout and stderr. */
  PIPE,
  /** Nothing in, everything out discarded. */
  DEVNULL,
  /** The stream of this JVM. */
  INHERIT,
  /** For stderr only: into the same pipe or file as stdout. */
  STDOUT
}
