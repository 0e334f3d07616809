package dev.yieldfrom.net;

/** A transport and its protocol, as {@link Net#createConnection} returns them. */
public record Connection<P extends Protocol>(Transport transport, P protocol) {}
