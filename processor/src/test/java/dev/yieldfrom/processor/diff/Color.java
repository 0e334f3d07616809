package dev.yieldfrom.processor.diff;

/** Selector values of the enum switches of random bodies. */
public enum Color {
  RED,
  GREEN,
  BLUE
}
