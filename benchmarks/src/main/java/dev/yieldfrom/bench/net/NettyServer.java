package dev.yieldfrom.bench.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Netty with one event loop (accepting and serving), as its users write these servers: the echo
 * handler writes what it reads and flushes when a read batch completes; the HTTP server is
 * HttpServerCodec with a handler answering each request with a shared body buffer.
 * Usage: {@code NettyServer epoll|nio echo|http PORT}.
 */
public final class NettyServer {
  private static final ByteBuf BODY =
      Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(Http.BODY.getBytes(StandardCharsets.US_ASCII)));

  public static void main(String[] args) throws InterruptedException {
    boolean epoll = args[0].equals("epoll");
    boolean http = args[1].equals("http");
    int port = Integer.parseInt(args[args.length - 1]);
    if (epoll && !Epoll.isAvailable()) {
      System.err.println("epoll unavailable: " + Epoll.unavailabilityCause());
      System.exit(3);
    }
    EventLoopGroup loop = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    try {
      new ServerBootstrap()
          .group(loop, loop)
          .channel(channel)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              if (http) {
                ch.pipeline().addLast(new HttpServerCodec(), new Hello());
              } else {
                ch.pipeline().addLast(new Echo());
              }
            }
          })
          .bind("127.0.0.1", port).sync().channel().closeFuture().sync();
    } finally {
      loop.shutdownGracefully();
    }
  }

  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static final class Hello extends SimpleChannelInboundHandler<HttpObject> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpRequest) {
        FullHttpResponse response =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, BODY.duplicate());
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.readableBytes());
        ctx.write(response);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
