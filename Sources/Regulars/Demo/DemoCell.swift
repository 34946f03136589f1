/// A fixed text cell (a name, a product, a city …) as UTF-8 bytes in static, never-freed memory, so that rows can
/// copy it without reference counting.
struct DemoCell: @unchecked Sendable {  // points at immutable bytes that live as long as the process
    let start: UnsafePointer<UInt8>
    let count: Int

    /// Cells for `texts`, stored in one allocation kept for the life of the process (tables are `static let`).
    static func table(_ texts: [String]) -> [DemoCell] {
        let total = texts.reduce(0) { $0 + $1.utf8.count }
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, total))
        var offset = 0
        return texts.map { text in
            let start = storage + offset
            for byte in text.utf8 {
                storage[offset] = byte
                offset += 1
            }
            return DemoCell(start: UnsafePointer(start), count: offset - (start - storage))
        }
    }

    /// Cells for the words of `text`, separated by spaces or line breaks.
    static func words(_ text: String) -> [DemoCell] {
        table(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    static func single(_ text: String) -> DemoCell { table([text])[0] }
}
