package dev.yieldfrom.processor.lower;

/**
 * A body local read inside a lambda or a local or anonymous class. Java captures a local's value
 * when the lambda is created; a lifted local is a field, which a lambda would read when it runs,
 * after later iterations may have assigned it again. So a lifted local is copied into a final
 * local right before the statement that creates the lambda, and the lambda reads the copy.
 */
record Capture(LocalVar local, String name) {}
