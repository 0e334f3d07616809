package dev.yieldfrom.net;

/** A UDP endpoint and its protocol, as {@link Net#createDatagramEndpoint} returns them. */
public record DatagramConnection<P extends DatagramProtocol>(DatagramTransport transport, P protocol) {}
