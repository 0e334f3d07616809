package dev.yieldfrom.net;

/** The two halves of a stream connection, as {@link Net#openConnection} returns them. */
public record StreamPair(StreamReader reader, StreamWriter writer) {}
