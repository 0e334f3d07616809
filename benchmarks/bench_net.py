#!/usr/bin/env python3
"""The CPython servers of the network benchmark, as their users write them.

  bench_net.py asyncio-streams|asyncio-protocol|uvloop-streams|uvloop-protocol echo|http PORT

echo: writes back every byte it reads. http: answers each HTTP/1.1 request (keep-alive) with
200, Content-Length and "Hello, World!". Listens on 127.0.0.1:PORT, one event loop; SIGTERM
ends it. Exits 3, printing why, where uvloop is not installed.
"""
import asyncio
import signal
import sys

BODY = b"Hello, World!"
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)


async def echo_stream(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def http_stream(reader, writer):
    try:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(RESPONSE)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


class EchoProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


class HttpProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""

    def data_received(self, data):
        self.buffer += data
        requests = self.buffer.count(b"\r\n\r\n")
        if requests:
            self.buffer = self.buffer[self.buffer.rindex(b"\r\n\r\n") + 4:]
            self.transport.write(RESPONSE * requests)


async def serve(api, workload, port):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    if api == "streams":
        handler = echo_stream if workload == "echo" else http_stream
        server = await asyncio.start_server(handler, "127.0.0.1", port, backlog=1024)
    else:
        protocol = EchoProtocol if workload == "echo" else HttpProtocol
        server = await loop.create_server(protocol, "127.0.0.1", port, backlog=1024)
    async with server:
        await stop


def main(argv):
    if len(argv) != 4:
        raise SystemExit(__doc__)
    loop_name, api = argv[1].split("-")
    workload, port = argv[2], int(argv[3])
    if loop_name == "uvloop":
        try:
            import uvloop
        except ImportError as e:
            print(f"skipped: {e}")
            sys.exit(3)
        new_loop = uvloop.new_event_loop
    else:
        new_loop = asyncio.new_event_loop
    loop = new_loop()
    try:
        loop.run_until_complete(serve(api, workload, port))
    finally:
        loop.close()


if __name__ == "__main__":
    main(sys.argv)
