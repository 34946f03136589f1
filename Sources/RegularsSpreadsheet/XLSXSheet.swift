/// The first worksheet of a workbook as CSV.
public struct XLSXSheet: Sendable {
    /// The sheet's name as shown on its tab.
    public var name: String
    /// UTF-8 CSV without BOM, comma-separated, `\n` line ends; line N is sheet row N.
    public var csv: [UInt8]
    /// Lines in `csv`: the number of the last sheet row that has a value.
    public var rows: Int

    public init(name: String, csv: [UInt8], rows: Int) {
        self.name = name
        self.csv = csv
        self.rows = rows
    }
}
