/// Mainland mobile numbers: normalisation to 11 digits and masking for display.
public enum PhoneNumber {
    public enum Parsed: Equatable, Sendable {
        /// An 11-digit mobile number usable as an identity key.
        case mobile(String)
        /// A number shown masked by the platform (138****5678): display only.
        case masked(String)
        /// Something else (a landline, a fragment): display only.
        case other(String)
    }

    /// Strips `+86`/`0086`, spaces, dashes, brackets, dots and the `'`/tab/`="…"` wrappers that spreadsheets add.
    public static func parse(_ raw: String) -> Parsed? {
        if isPlainMobile(raw) { return .mobile(raw) }
        var digits: [UInt8] = []
        var sawMask = false
        for byte in raw.utf8 {
            switch byte {
            case 48...57: digits.append(byte)
            case UInt8(ascii: "*"): sawMask = true; digits.append(byte)
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: "."), UInt8(ascii: "'"), UInt8(ascii: "\t"), UInt8(ascii: "="), UInt8(ascii: "\""):
                continue
            default:
                return .other(raw.trimmingCharacters(in: .whitespaces))
            }
        }
        if digits.isEmpty { return nil }
        if digits.count == 15, digits.starts(with: Array("0086".utf8)) { digits.removeFirst(4) }
        if digits.count == 13, digits.starts(with: Array("86".utf8)) { digits.removeFirst(2) }
        let text = String(decoding: digits, as: UTF8.self)
        if sawMask { return .masked(text) }
        if digits.count == 11, digits[0] == UInt8(ascii: "1"), digits[1] >= UInt8(ascii: "3") {
            return .mobile(text)
        }
        return .other(text)
    }

    /// Eleven ASCII digits starting 13–19: already normalised.
    @inline(__always)
    static func isPlainMobile(_ raw: String) -> Bool {
        var copy = raw
        return copy.withUTF8 { bytes in
            bytes.count == 11 && bytes[0] == UInt8(ascii: "1") && bytes[1] >= UInt8(ascii: "3")
                && bytes.allSatisfy { $0 >= 48 && $0 <= 57 }
        }
    }

    /// `13812345678` → `138****5678`; anything shorter keeps its first and last characters only (`88888888` → `8******8`).
    public static func mask(_ phone: String) -> String {
        let chars = Array(phone)
        if chars.contains("*") { return phone }
        guard chars.count >= 11 else {
            guard chars.count >= 3 else { return String(repeating: "*", count: chars.count) }
            return String(chars[0]) + String(repeating: "*", count: chars.count - 2) + String(chars[chars.count - 1])
        }
        return String(chars.prefix(3)) + "****" + String(chars.suffix(4))
    }
}

/// E-mail addresses: case-folded, trimmed, checked for a plausible shape.
public enum EmailAddress {
    public static func normalize(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let at = trimmed.firstIndex(of: "@"), at != trimmed.startIndex else { return nil }
        let domain = trimmed[trimmed.index(after: at)...]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("@"),
              !trimmed.contains(" "), !trimmed.contains("*")
        else { return nil }
        return trimmed
    }

    /// `zhang.san@qq.com` → `z***@qq.com`
    public static func mask(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), let first = email.first else { return "***" }
        return String(first) + "***" + email[at...]
    }
}

/// Names shown to roles without the unmask right: 张三丰 → 张**.
public enum PersonName {
    public static func mask(_ name: String) -> String {
        guard let first = name.first else { return name }
        if name.contains("*") { return name }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }
}

import Foundation
