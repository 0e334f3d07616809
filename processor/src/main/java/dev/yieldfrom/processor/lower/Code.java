package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.TypeName;
import dev.yieldfrom.processor.model.Fragment;
import java.util.ArrayList;
import java.util.List;

/**
 * A piece of generated Java whose final text is not known while the body is lowered: state
 * numbers ({@link Label}) are assigned, and locals ({@link LocalVar}) are found to be lifted to
 * fields or not, only once the whole body is listed. {@link #resolve()} then makes it a {@link
 * Fragment} of the model, whose text is decided.
 */
final class Code {
  /**
   * What lowered code is made of. Each kind says itself what it becomes once the listing is
   * complete, so a new kind cannot be forgotten in {@link #resolve()} or in liveness.
   */
  sealed interface Part
      permits Text, Type, StateRef, LocalRef, CaptureRef, Snapshot, Spill, Indent, CopyStart {
    /** Appends what this part becomes, now that states and lifted locals are known. */
    void resolveInto(List<Fragment.Part> out);

    /** The local this part names, or null: what liveness counts. */
    default LocalVar local() {
      return null;
    }
  }

  record Text(String text) implements Part {
    @Override
    public void resolveInto(List<Fragment.Part> out) {
      out.add(new Fragment.Text(text));
    }
  }

  /** A type, so JavaPoet manages imports. */
  record Type(TypeName type) implements Part {
    @Override
    public void resolveInto(List<Fragment.Part> out) {
      out.add(new Fragment.Type(type));
    }
  }

  /** The number of the state a label marks. */
  record StateRef(Label label) implements Part {
    @Override
    public void resolveInto(List<Fragment.Part> out) {
      out.add(new Fragment.Text(Integer.toString(label.state())));
    }
  }

  /** A local of the body by its name, whether it stays a local or becomes a field. */
  record LocalRef(LocalVar local) implements Part {
    @Override
    public void resolveInto(List<Fragment.Part> out) {
      out.add(new Fragment.Text(local.name()));
    }
  }

  /** A local read inside a lambda or class of the body: its copy if the local is lifted. */
  record CaptureRef(Capture capture) implements Part {
    @Override
    public void resolveInto(List<Fragment.Part> out) {
      out.add(
          new Fragment.Text(capture.local().isLifted() ? capture.name() : capture.local().name()));
    }

    @Override
    public LocalVar local() {
      return capture.local();
    }
  }

  /** The declaration of a capture's copy; nothing when the local is not lifted. */
  record Snapshot(Capture capture) implements Part {
    @Override
    public void resolveInto(List<Fragment.Part> out) {
      if (capture.local().isLifted()) {
        out.add(
            new Fragment.Text(
                "final var " + capture.name() + " = " + capture.local().name() + ";"));
      }
    }

    @Override
    public LocalVar local() {
      return capture.local();
    }
  }

  /** Before a suspension: the mirrors of lifted locals written back to their fields. */
  record Spill(Mirrors mirrors) implements Part {
    @Override
    public void resolveInto(List<Fragment.Part> out) {
      mirrors.spillInto(out);
    }
  }

  record Indent(boolean in) implements Part {
    @Override
    public void resolveInto(List<Fragment.Part> out) {
      out.add(new Fragment.Indent(in));
    }
  }

  /** Where text copied from the template begins (see {@link Fragment.CopyStart}). */
  record CopyStart() implements Part {
    @Override
    public void resolveInto(List<Fragment.Part> out) {
      out.add(new Fragment.CopyStart());
    }
  }

  static final Part INDENT = new Indent(true);
  static final Part UNINDENT = new Indent(false);

  private final List<Part> parts = new ArrayList<>();

  /**
   * Code of {@code parts}: strings, type names, labels, locals, captures, their snapshots, other
   * code and parts; nulls and empty strings are left out.
   */
  static Code of(Object... parts) {
    Code code = new Code();
    for (Object part : parts) {
      code.add(part);
    }
    return code;
  }

  Code add(Object part) {
    if (part instanceof Code code) {
      parts.addAll(code.parts);
    } else if (part instanceof String s) {
      if (!s.isEmpty()) {
        parts.add(new Text(s));
      }
    } else if (part instanceof TypeName type) {
      parts.add(new Type(type));
    } else if (part instanceof Label label) {
      parts.add(new StateRef(label));
    } else if (part instanceof LocalVar local) {
      parts.add(new LocalRef(local));
    } else if (part instanceof Capture capture) {
      parts.add(new CaptureRef(capture));
    } else if (part instanceof Part given) {
      parts.add(given);
    } else if (part != null) {
      throw new IllegalArgumentException("not a part of code: " + part);
    }
    return this;
  }

  List<Part> parts() {
    return parts;
  }

  boolean isEmpty() {
    return parts.isEmpty();
  }

  /** The locals this code names, for liveness. */
  List<LocalVar> locals() {
    List<LocalVar> locals = new ArrayList<>();
    for (Part part : parts) {
      if (part.local() != null) {
        locals.add(part.local());
      }
    }
    return locals;
  }

  /** The text, with every state number and lifted-or-not name decided. */
  Fragment resolve() {
    List<Fragment.Part> resolved = new ArrayList<>();
    for (Part part : parts) {
      part.resolveInto(resolved);
    }
    return new Fragment(resolved);
  }
}
