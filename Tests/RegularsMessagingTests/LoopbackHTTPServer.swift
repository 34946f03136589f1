import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 server on 127.0.0.1 that records each request and answers as the test scripts it.
final class LoopbackHTTPServer: @unchecked Sendable {  // mutable state behind `lock`
    struct Request: Sendable {
        var method: HTTPMethod
        var uri: String
        var headers: HTTPHeaders
        var body: [UInt8]

        /// The body parsed as a JSON object.
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
    }

    struct Response: Sendable {
        /// nil: never answer (for client timeouts).
        var status: HTTPResponseStatus?
        var body: String

        init(_ status: HTTPResponseStatus? = .ok, _ body: String = "") {
            self.status = status
            self.body = body
        }

        static let never = Response(nil)
    }

    private let lock = NSLock()
    private var recorded: [Request] = []
    private let respond: @Sendable (Request) -> Response
    private var channel: Channel?

    /// Starts listening on a free port; `respond` picks each answer.
    static func start(respond: @escaping @Sendable (Request) -> Response) async throws -> LoopbackHTTPServer {
        let server = LoopbackHTTPServer(respond: respond)
        server.channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RecordingHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return server
    }

    private init(respond: @escaping @Sendable (Request) -> Response) {
        self.respond = respond
    }

    var port: Int { channel?.localAddress?.port ?? 0 }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    var requests: [Request] {
        lock.withLock { recorded }
    }

    func stop() async throws {
        try await channel?.close()
    }

    fileprivate func handle(_ request: Request) -> Response {
        lock.withLock { recorded.append(request) }
        return respond(request)
    }
}

private final class RecordingHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: LoopbackHTTPServer
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(server: LoopbackHTTPServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(let bytes):
            body += Array(bytes.readableBytesView)
        case .end:
            guard let head else { return }
            let response = server.handle(.init(method: head.method, uri: head.uri, headers: head.headers, body: body))
            guard let status = response.status else { return }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: "\(response.body.utf8.count)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                          promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: response.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            self.head = nil
        }
    }
}
