/// A byte-level CSV reader (RFC 4180 plus what spreadsheets write): quoted fields with `""` escapes and line breaks,
/// CRLF or LF, comma or tab delimiters. It hands out byte ranges; nothing becomes a `String` unless asked.
public enum CSVScanner {
    /// Calls `body` for every non-empty row with its 1-based starting line number. Return `false` to stop.
    public static func forEachRow(
        in bytes: [UInt8], delimiter: UInt8, _ body: (borrowing CSVRow) throws -> Bool
    ) rethrows {
        try forEachRow(in: bytes, range: 0..<bytes.count, firstLine: 1, delimiter: delimiter, body)
    }

    /// The same over `range` of the bytes, which starts at a row boundary on line `firstLine`.
    public static func forEachRow(
        in bytes: [UInt8], range: Range<Int>, firstLine: Int, delimiter: UInt8, _ body: (borrowing CSVRow) throws -> Bool
    ) rethrows {
        try bytes.withUnsafeBufferPointer { buffer in
            var row = CSVRow(buffer: buffer)
            var position = range.lowerBound
            var line = firstLine
            let count = range.upperBound
            let quote = UInt8(ascii: "\"")
            while position < count {
                row.fields.removeAll(keepingCapacity: true)
                row.line = line
                var atRowEnd = false
                while !atRowEnd {
                    if position < count, buffer[position] == quote {
                        // Quoted field: runs to the matching quote; "" is a literal quote.
                        position += 1
                        let start = position
                        var escaped = false
                        while position < count {
                            let byte = buffer[position]
                            if byte == quote {
                                if position + 1 < count, buffer[position + 1] == quote {
                                    escaped = true
                                    position += 2
                                    continue
                                }
                                break
                            }
                            if byte == 0x0A { line += 1 }
                            position += 1
                        }
                        let end = min(position, count)
                        position += 1  // closing quote
                        // Anything between the closing quote and the delimiter is kept (lenient, like Excel).
                        var tailEnd = position
                        while tailEnd < count, buffer[tailEnd] != delimiter, buffer[tailEnd] != 0x0A, buffer[tailEnd] != 0x0D {
                            tailEnd += 1
                        }
                        row.fields.append(CSVRow.Field(start: start, end: end, escapedQuotes: escaped,
                                                       trailing: tailEnd > position ? position..<tailEnd : nil))
                        position = tailEnd
                    } else {
                        let start = position
                        while position < count {
                            let byte = buffer[position]
                            if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                            position += 1
                        }
                        row.fields.append(CSVRow.Field(start: start, end: position, escapedQuotes: false, trailing: nil))
                    }
                    if position >= count {
                        atRowEnd = true
                    } else if buffer[position] == delimiter {
                        position += 1
                    } else {
                        // CR, LF or CRLF ends the row.
                        if buffer[position] == 0x0D { position += 1 }
                        if position < count, buffer[position] == 0x0A { position += 1 }
                        line += 1
                        atRowEnd = true
                    }
                }
                if row.isBlank { continue }
                if try !body(row) { return }
            }
        }
    }

    /// A part of a file that starts at a row boundary.
    public struct Piece: Sendable, Equatable {
        public var range: Range<Int>
        /// The 1-based line number the part starts on.
        public var firstLine: Int
    }

    /// Cuts a file into about `parts` pieces at row ends outside quoted fields, each knowing the line number it
    /// starts on, counted the way `forEachRow` counts (a line break inside quotes is a line too).
    public static func split(_ bytes: [UInt8], parts: Int) -> [Piece] {
        var pieces: [Piece] = []
        var start = 0
        var startLine = 1
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var position = 0
            var line = 1
            var inQuotes = false
            for k in 1..<max(parts, 1) {
                let target = count * k / parts
                while position < count {
                    let byte = buffer[position]
                    position += 1
                    if byte == UInt8(ascii: "\"") {
                        inQuotes.toggle()
                    } else if byte == 0x0A {
                        line += 1
                        if !inQuotes, position > target { break }
                    } else if byte == 0x0D, !inQuotes {
                        if position < count, buffer[position] == 0x0A { position += 1 }
                        line += 1
                        if position > target { break }
                    }
                }
                guard position < count else { break }
                pieces.append(Piece(range: start..<position, firstLine: startLine))
                start = position
                startLine = line
            }
            pieces.append(Piece(range: start..<count, firstLine: startLine))
        }
        return pieces
    }

    /// The byte offset where line `line + 1` starts (the end of the file if it has fewer lines), counting line breaks
    /// inside quoted fields as `forEachRow` does, and never stopping inside a quoted field.
    public static func offset(afterLine line: Int, in bytes: [UInt8]) -> Int {
        var current = 1
        var inQuotes = false
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == 0x0A || (byte == 0x0D && !inQuotes) {
                if byte == 0x0D, position < bytes.count, bytes[position] == 0x0A { position += 1 }
                current += 1
                if current > line, !inQuotes { return position }
            }
        }
        return bytes.count
    }

    /// Comma or tab, whichever splits the first line into more fields (outside quotes).
    public static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var commas = 0, tabs = 0, semicolons = 0
        var inQuotes = false
        for byte in bytes.prefix(64 * 1024) {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == 0x0A { if commas + tabs + semicolons > 0 { break } else { continue } }
            if byte == UInt8(ascii: ",") { commas += 1 }
            if byte == 0x09 { tabs += 1 }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
        }
        if tabs > commas && tabs >= semicolons { return 0x09 }
        if semicolons > commas { return UInt8(ascii: ";") }
        return UInt8(ascii: ",")
    }
}

/// One row of a CSV file: field byte ranges into the file's buffer, valid only inside `forEachRow`'s body.
public struct CSVRow: ~Copyable {
    struct Field {
        var start: Int
        var end: Int
        var escapedQuotes: Bool
        var trailing: Range<Int>?
    }

    let buffer: UnsafeBufferPointer<UInt8>
    var fields: [Field] = []
    /// 1-based line number where the row starts.
    public internal(set) var line = 0

    init(buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        fields.reserveCapacity(64)
    }

    public var count: Int { fields.count }

    var isBlank: Bool { fields.allSatisfy { $0.start == $0.end && $0.trailing == nil } }

    /// The raw bytes of field `index` (quotes removed, `""` left doubled); empty when the row is shorter.
    public func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index >= 0, index < fields.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let field = fields[index]
        return UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])
    }

    /// Field `index` as text exactly as written (quotes resolved), nil past the end of the row.
    public func rawString(_ index: Int) -> String? {
        guard index >= 0, index < fields.count else { return nil }
        let field = fields[index]
        var text = String(decoding: UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]), as: UTF8.self)
        if field.escapedQuotes { text = text.replacingOccurrences(of: "\"\"", with: "\"") }
        if let trailing = field.trailing {
            text += String(decoding: UnsafeBufferPointer(rebasing: buffer[trailing]), as: UTF8.self)
        }
        return text
    }

    /// Field `index` cleaned of spreadsheet wrappers (see `CellText.clean`); nil when empty or a placeholder (`--`).
    public func text(_ index: Int) -> String? {
        guard index >= 0, index < fields.count else { return nil }
        let field = fields[index]
        if !field.escapedQuotes, field.trailing == nil {
            return CellText.clean(bytes: UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]))
        }
        return rawString(index).flatMap { CellText.clean($0) }
    }
}

import Foundation
