package dev.yieldfrom.net;

import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** The SSLEngines of connections: what asyncio's default client context checks, on the JDK. */
final class TlsEngines {
  private TlsEngines() {}

  /**
   * A client engine for {@code serverHostname}: it sends the name (SNI) unless it is an IP
   * literal, and checks the server's certificate names it, as asyncio's default context does.
   */
  static SSLEngine client(SSLContext context, String serverHostname, int port) {
    SSLEngine engine =
        serverHostname == null ? context.createSSLEngine() : context.createSSLEngine(serverHostname, port);
    engine.setUseClientMode(true);
    if (serverHostname != null) {
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (Addresses.literal(serverHostname) == null) {
        parameters.setServerNames(List.of(new SNIHostName(serverHostname)));
      }
      engine.setSSLParameters(parameters);
    }
    return engine;
  }

  static SSLEngine server(SSLContext context) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    return engine;
  }
}
