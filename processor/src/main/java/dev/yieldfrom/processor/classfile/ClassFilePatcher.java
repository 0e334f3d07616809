package dev.yieldfrom.processor.classfile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Rewrites a class file javac wrote for generated source so that it names the template: the
 * {@code SourceFile} attribute becomes the template's file and every {@code LineNumberTable}
 * entry its template line. Nothing else changes: the new file name is appended to the constant
 * pool (so no index moves) and line numbers are rewritten in place.
 */
public final class ClassFilePatcher {
  private static final int MAGIC = 0xCAFEBABE;

  private final byte[] bytes;
  private int position;

  private ClassFilePatcher(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /**
   * The patched class file.
   *
   * @throws IllegalArgumentException if {@code classFile} is not a class file this can read
   */
  public static byte[] patch(byte[] classFile, LineMap lines) {
    try {
      return new ClassFilePatcher(classFile).rewrite(lines);
    } catch (ArrayIndexOutOfBoundsException truncated) {
      throw new IllegalArgumentException("truncated class file", truncated);
    }
  }

  private byte[] rewrite(LineMap lines) {
    if (u4() != MAGIC) {
      throw new IllegalArgumentException("not a class file");
    }
    position += 4; // minor and major version
    int poolCountAt = position;
    int poolCount = u2();
    String[] utf8 = new String[poolCount];
    for (int index = 1; index < poolCount; index++) {
      int tag = u1();
      switch (tag) {
        case 1 -> {
          int length = u2();
          utf8[index] = new String(bytes, position, length, StandardCharsets.UTF_8);
          position += length;
        }
        case 3, 4, 9, 10, 11, 12, 17, 18 -> position += 4;
        case 5, 6 -> {
          position += 8;
          index++; // longs and doubles take two slots
        }
        case 7, 8, 16, 19, 20 -> position += 2;
        case 15 -> position += 3;
        default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
      }
    }
    int poolEnd = position;
    position += 6; // access flags, this class, super class
    skip(2 * u2()); // interfaces
    skipMembers(utf8, null); // fields
    skipMembers(utf8, lines); // methods: their Code attributes hold the line tables
    int sourceFileIndexAt = -1;
    int attributes = u2();
    for (int i = 0; i < attributes; i++) {
      String name = utf8[u2()];
      int length = u4();
      if ("SourceFile".equals(name)) {
        sourceFileIndexAt = position;
      }
      position += length;
    }
    if (sourceFileIndexAt < 0) {
      return bytes; // compiled without -g:source: no file to name
    }
    if (poolCount == 0xFFFF) {
      throw new IllegalArgumentException("constant pool full");
    }
    // The template's file name as a new constant at the end of the pool.
    byte[] name = lines.sourceFile().getBytes(StandardCharsets.UTF_8);
    putU2(sourceFileIndexAt, poolCount);
    putU2(poolCountAt, poolCount + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + name.length + 3);
    out.write(bytes, 0, poolEnd);
    out.write(1);
    out.write(name.length >>> 8);
    out.write(name.length);
    out.write(name, 0, name.length);
    out.write(bytes, poolEnd, bytes.length - poolEnd);
    return out.toByteArray();
  }

  /** Skips fields or methods; for methods ({@code lines} not null), rewrites their line tables. */
  private void skipMembers(String[] utf8, LineMap lines) {
    int count = u2();
    for (int i = 0; i < count; i++) {
      position += 6; // access flags, name, descriptor
      int attributes = u2();
      for (int a = 0; a < attributes; a++) {
        String name = utf8[u2()];
        int length = u4();
        int end = position + length;
        if (lines != null && "Code".equals(name)) {
          rewriteCode(utf8, lines);
        }
        position = end;
      }
    }
  }

  private void rewriteCode(String[] utf8, LineMap lines) {
    position += 4; // max stack, max locals
    skip(u4()); // the code
    skip(8 * u2()); // the exception table
    int attributes = u2();
    for (int a = 0; a < attributes; a++) {
      String name = utf8[u2()];
      int length = u4();
      int end = position + length;
      if ("LineNumberTable".equals(name)) {
        int entries = u2();
        for (int e = 0; e < entries; e++) {
          position += 2; // start pc
          int at = position;
          putU2(at, lines.templateLine(u2()));
        }
      }
      position = end;
    }
  }

  /** {@code position += u2()} would add to the position from before the read. */
  private void skip(int length) {
    position += length;
  }

  private int u1() {
    return bytes[position++] & 0xFF;
  }

  private int u2() {
    return (u1() << 8) | u1();
  }

  private int u4() {
    return (u2() << 16) | u2();
  }

  private void putU2(int at, int value) {
    bytes[at] = (byte) (value >>> 8);
    bytes[at + 1] = (byte) value;
  }
}
