package org.vcstoken.sandbox.http;

import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One front servlet in Jetty on 127.0.0.1, and the child processes (hg serve, Apache) that
 * start and stop with it. Every flavor runs its server this way, so a start that fails half-way
 * and a stop leave no process behind in any of them.
 */
public final class LocalServer implements AutoCloseable {
  /**
   * Request headers up to this size: hg sends its arguments in {@code X-HgArg-N} headers, and a
   * big discovery batch outgrows Jetty's default.
   */
  public static final int HG_HEADER_SIZE = 256 * 1024;
  /** Jetty's own request-head limit, enough where hg is not served. */
  public static final int DEFAULT_HEADER_SIZE = 0;

  /**
   * What differs between the flavors' servers.
   *
   * @param label names the server in errors, e.g. {@code sandbox} → "sandbox failed to start: …"
   * @param servletName the front servlet's name in Jetty
   * @param port TCP port on 127.0.0.1, 0 = a free one
   * @param requestHeaderSize the largest request head accepted, or {@link #DEFAULT_HEADER_SIZE}
   * @param encodedSlashes let {@code %2F} through in paths (GitLab's API addresses projects as
   *     {@code group%2Fproject}); Jetty refuses such ambiguous paths by default
   */
  public record Settings(String label, String servletName, int port, int requestHeaderSize,
      boolean encodedSlashes) {}

  private final String label;
  private final Server server;
  private final Runnable stopChildren;
  private final URI url;

  private LocalServer(String label, Server server, Runnable stopChildren, URI url) {
    this.label = label;
    this.server = server;
    this.stopChildren = stopChildren;
    this.url = url;
  }

  /** A server without child processes. */
  public static LocalServer start(Settings settings, HttpServlet servlet) throws IOException {
    return start(settings, servlet, () -> {}, () -> {});
  }

  /**
   * Runs {@code startChildren}, then serves {@code servlet}. When anything fails, what was
   * started is stopped again ({@code stopChildren} included) before the error is thrown.
   *
   * @throws IOException the failure as it was when it was one already (a port in use), else
   *     wrapped as "LABEL failed to start: …"
   */
  public static LocalServer start(Settings settings, HttpServlet servlet, Runnable startChildren,
      Runnable stopChildren) throws IOException {
    Server server = null;
    try {
      startChildren.run();
      server = new Server();
      HttpConfiguration http = new HttpConfiguration();
      if (settings.requestHeaderSize() > 0) {
        http.setRequestHeaderSize(settings.requestHeaderSize());
      }
      http.setSendServerVersion(false);
      if (settings.encodedSlashes()) {
        http.setUriCompliance(UriCompliance.LEGACY);
      }
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost("127.0.0.1");
      connector.setPort(settings.port());
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      if (settings.encodedSlashes()) {
        context.getServletHandler().setDecodeAmbiguousURIs(true);
      }
      context.addServlet(new ServletHolder(settings.servletName(), servlet), "/*");
      server.setHandler(context);
      server.start();
      URI url = URI.create("http://127.0.0.1:" + connector.getLocalPort());
      return new LocalServer(settings.label(), server, stopChildren, url);
    } catch (Exception e) {
      try {
        if (server != null) {
          server.stop();
        }
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      stopChildren.run();
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException(settings.label() + " failed to start: " + e.getMessage(), e);
    }
  }

  /** e.g. {@code http://127.0.0.1:PORT}, no trailing slash. */
  public URI url() {
    return url;
  }

  /** Stops the HTTP server, then the child processes, even when Jetty fails to stop. Idempotent. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the " + label + " HTTP server: " + e.getMessage(), e);
    } finally {
      stopChildren.run();
    }
  }
}
