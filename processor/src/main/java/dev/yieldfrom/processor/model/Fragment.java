package dev.yieldfrom.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A piece of generated Java whose every name is decided: text, type names (so the writer lets
 * JavaPoet manage imports), indentation changes, and the mark where text copied from the template
 * begins.
 */
public record Fragment(List<Part> parts) {
  public Fragment {
    parts = List.copyOf(parts);
  }

  /** What a fragment is made of; a writer renders each kind, and nothing else can occur. */
  public sealed interface Part permits Text, Type, Indent, CopyStart {}

  /** Java text, written as it is. */
  public record Text(String text) implements Part {}

  /** A type, written by its simple name where the file imports it. */
  public record Type(TypeName type) implements Part {}

  /** One level more ({@code in}) or less of indentation from the next line on. */
  public record Indent(boolean in) implements Part {}

  /**
   * From here, the text is the template's own, starting at the beginning of its first line: the
   * generated lines that follow come from the template's lines one to one.
   */
  public record CopyStart() implements Part {}
}
