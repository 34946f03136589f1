import Foundation

/// Short-link tokens by the million: 12 characters of the outbox's alphabet drawn from the system's random source,
/// read in 64 KiB blocks (`SystemRandomNumberGenerator` asks the kernel for every 8 bytes, which for a million tokens
/// costs more than rendering them).
///
/// The first character is drawn once for the whole batch and the other 11 (about 65 bits) for each token: a batch's
/// tokens then sit together in the outbox's unique token index, so a write transaction rewrites a few hundred of its
/// pages instead of nearly all of them (fully random tokens made the inserts a third slower). A token still cannot be
/// guessed from another.
struct CampaignTokens {
    static let length = 12
    private static let alphabet = Array("0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ".utf8)
    /// Bytes at or above this are skipped so that every character is equally likely.
    private static let limit = UInt8(256 / alphabet.count * alphabet.count)

    private var buffer = [UInt8](repeating: 0, count: 65_536)
    private var next = 65_536
    private let source: FileHandle?
    /// The batch's first character (0 until the first token).
    private var shared: UInt8 = 0

    init() {
        source = FileHandle(forReadingAtPath: "/dev/urandom")
    }

    mutating func token() -> String {
        if shared == 0 { shared = randomCharacter() }
        return String(unsafeUninitializedCapacity: Self.length) { characters in
            characters[0] = shared
            for index in 1..<Self.length { characters[index] = randomCharacter() }
            return Self.length
        }
    }

    private mutating func randomCharacter() -> UInt8 {
        while true {
            let byte = randomByte()
            if byte < Self.limit { return Self.alphabet[Int(byte) % Self.alphabet.count] }
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
