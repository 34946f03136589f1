/// A platform's file format as data: which headers mean which field, what its status words mean, which channel
/// its rows come from. Adding a platform means adding one of these, not a code path.
public struct ImportDialect: Sendable {
    /// Short name used on the command line and in mapping files (`tmall-order-report`).
    public var name: String
    /// What an operator calls it (天猫/淘宝 订单报表).
    public var label: String
    public var kind: ImportKind
    /// The channel every row belongs to unless a channel column says otherwise.
    public var channel: Channel?
    /// Header spellings for each field, most specific first. Matching ignores spaces and case.
    public var columns: [ImportField: [String]]
    /// Headers whose presence identifies the dialect (all must be present).
    public var signature: [String]
    /// Status words (after `StatusWords.normalize`) and the state each means.
    public var statuses: [String: OrderStatus]
    /// Whether the `address` column starts with the province (and city) to read out.
    public var provinceFromAddress: Bool

    public init(name: String, label: String, kind: ImportKind, channel: Channel?, columns: [ImportField: [String]],
                signature: [String], statuses: [String: OrderStatus] = [:], provinceFromAddress: Bool = true) {
        self.name = name
        self.label = label
        self.kind = kind
        self.channel = channel
        self.columns = columns
        self.signature = signature
        self.statuses = statuses
        self.provinceFromAddress = provinceFromAddress
    }
}

/// Normalisation of status words: full-width punctuation to half-width, spaces removed, lower-case ASCII.
public enum StatusWords {
    public static func normalize(_ word: String) -> String {
        // Most words need nothing: no ASCII capitals, spaces or tabs, no bytes of full-width punctuation (EF BC ..)
        // or the ideographic space (E3 80 80).
        var copy = word
        let clean = copy.withUTF8 { bytes in
            bytes.allSatisfy { $0 != 0x20 && $0 != 0x09 && !(65...90).contains($0) && $0 != 0xEF }
                && !bytes.indices.contains { bytes[$0] == 0xE3 && $0 + 2 < bytes.count && bytes[$0 + 1] == 0x80 && bytes[$0 + 2] == 0x80 }
        }
        if clean { return word }
        var result = ""
        for scalar in word.unicodeScalars {
            switch scalar {
            case " ", "\t", "\u{3000}": continue
            case "，": result.append(",")
            case "（": result.append("(")
            case "）": result.append(")")
            case "：": result.append(":")
            case "；": result.append(";")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result.lowercased()
    }
}
