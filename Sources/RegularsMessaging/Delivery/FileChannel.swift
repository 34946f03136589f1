import Foundation
import Regulars

/// A stand-in channel that appends each message to a JSON-lines file instead of sending it: for dry runs, the demo
/// and checking a journey before any gateway is set up. Every message it takes counts as sent.
public struct FileChannel: ChannelAdapter {
    public let channel: ContactChannel
    private let handle: FileSink

    public init(channel: ContactChannel, sink: FileSink) {
        self.channel = channel
        self.handle = sink
    }

    public func deliver(_ message: OutgoingMessage) async throws(DeliveryError) -> DeliveryReceipt {
        struct Line: Encodable {
            var id: Int64
            var channel: String
            var recipient: String
            var subject: String?
            var body: String
        }
        do {
            var data = try JSONEncoder().encode(Line(id: message.id, channel: message.channel.rawValue,
                                                     recipient: message.recipient, subject: message.subject, body: message.body))
            data.append(0x0A)
            try handle.append(data)
        } catch {
            throw .temporary("cannot write to the outbox file: \(error)")
        }
        return DeliveryReceipt(providerID: "file-\(message.id)")
    }

    /// One adapter per channel, all writing to `sink`.
    public static func all(_ sink: FileSink) -> [ContactChannel: any ChannelAdapter] {
        Dictionary(uniqueKeysWithValues: ContactChannel.allCases.map { ($0, FileChannel(channel: $0, sink: sink) as any ChannelAdapter) })
    }
}

/// An append-only file shared by the file channels.
public final class FileSink: Sendable {
    private let handle: FileHandle

    public init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
    }

    func append(_ data: Data) throws {
        try handle.write(contentsOf: data)
    }
}
