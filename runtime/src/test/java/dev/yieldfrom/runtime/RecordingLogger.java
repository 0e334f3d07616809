package dev.yieldfrom.runtime;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;

/** A System.Logger that keeps "LEVEL message" lines (and the exception) for assertions. */
public final class RecordingLogger implements System.Logger {
  public final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  public final List<Throwable> exceptions = Collections.synchronizedList(new ArrayList<>());

  @Override
  public String getName() {
    return "recording";
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    lines.add(level + " " + message);
    if (thrown != null) {
      exceptions.add(thrown);
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    lines.add(level + " " + (params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
  }
}
