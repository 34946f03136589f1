/// FNV-1a 64-bit: a stable, platform-independent hash for derived keys and change detection (not for security).
public enum StableHash {
    public static func value(of text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    public static func combine(_ hash: inout UInt64, _ text: String) {
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        hash ^= 0x1F
        hash &*= 0x0000_0100_0000_01b3
    }

    public static func hex(of text: String) -> String {
        let hex = String(value(of: text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
