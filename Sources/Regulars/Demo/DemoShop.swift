/// A deterministic, realistic demo shop: customers.csv, orders.csv and events.csv in the canonical import columns.
/// Same spec, same bytes on every platform; memory grows with the number of people, not of orders.
public enum DemoShop {
    /// Streams the CSV bytes of the three files in chunks of about 1 MiB (header row first, UTF-8, LF line ends).
    /// Chunks of different files may interleave; each file's chunks arrive in order.
    public static func generate(_ spec: DemoShopSpec, emit: (DemoFile, [UInt8]) throws -> Void) rethrows {
        var generator = DemoGenerator(spec)
        while let (file, chunk) = generator.next() {
            try emit(file, chunk)
        }
    }
}
