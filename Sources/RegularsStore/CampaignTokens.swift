import Foundation

/// Short-link tokens by the million: 12 characters of the outbox's alphabet (about 70 bits) drawn from the system's
/// random source read in 64 KiB blocks. `SystemRandomNumberGenerator` asks the kernel for every 8 bytes, which for a
/// million tokens costs more than rendering them.
struct CampaignTokens {
    static let length = 12
    private static let alphabet = Array("0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ".utf8)
    /// Bytes at or above this are skipped so that every character is equally likely.
    private static let limit = UInt8(256 / alphabet.count * alphabet.count)

    private var buffer = [UInt8](repeating: 0, count: 65_536)
    private var next = 65_536
    private let source: FileHandle?

    init() {
        source = FileHandle(forReadingAtPath: "/dev/urandom")
    }

    mutating func token() -> String {
        var characters: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &characters) { raw in
            var count = 0
            while count < Self.length {
                let byte = randomByte()
                guard byte < Self.limit else { continue }
                raw[count] = Self.alphabet[Int(byte) % Self.alphabet.count]
                count += 1
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<Self.length]), as: UTF8.self)
        }
    }

    private mutating func randomByte() -> UInt8 {
        if next == buffer.count { refill() }
        defer { next += 1 }
        return buffer[next]
    }

    private mutating func refill() {
        next = 0
        if let data = try? source?.read(upToCount: buffer.count), data.count == buffer.count {
            buffer.withUnsafeMutableBytes { _ = data.copyBytes(to: $0) }
            return
        }
        var generator = SystemRandomNumberGenerator()
        buffer.withUnsafeMutableBytes { raw in
            for offset in stride(from: 0, to: raw.count, by: 8) { raw.storeBytes(of: generator.next() as UInt64, toByteOffset: offset, as: UInt64.self) }
        }
    }
}
