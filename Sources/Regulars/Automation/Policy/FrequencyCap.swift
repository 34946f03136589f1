import Foundation

/// At most `max` touches in any `windowSeconds` (a rolling window ending now).
public struct FrequencyCap: Sendable, Equatable, Codable {
    public var max: Int
    public var windowSeconds: Int64

    public init(max: Int, windowSeconds: Int64) {
        self.max = max
        self.windowSeconds = windowSeconds
    }

    /// `max` touches in `days` days.
    public static func perDays(_ max: Int, _ days: Int64) -> FrequencyCap {
        FrequencyCap(max: max, windowSeconds: days * 86_400)
    }

    /// Reads the settings form `2/7d` (also `h` hours, `w` weeks, and 天 / 小时 / 周); nil when it is not one.
    public init?(text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let max = Int(parts[0].trimmingCharacters(in: .whitespaces)), max >= 0 else { return nil }
        let window = parts[1].trimmingCharacters(in: .whitespaces)
        let units: [(suffix: String, seconds: Int64)] = [("小时", 3600), ("天", 86_400), ("周", 604_800),
                                                          ("h", 3600), ("d", 86_400), ("w", 604_800)]
        guard let unit = units.first(where: { window.hasSuffix($0.suffix) }),
              let count = Int64(window.dropLast(unit.suffix.count)), count >= 1, count <= 3650 * 24 else { return nil }
        self.init(max: max, windowSeconds: count * unit.seconds)
    }

    /// The settings form: `2/7d`, or `2/36h` when the window is not whole days.
    public var text: String {
        if windowSeconds % 86_400 == 0 { return "\(max)/\(windowSeconds / 86_400)d" }
        if windowSeconds % 3600 == 0 { return "\(max)/\(windowSeconds / 3600)h" }
        return "\(max)/\(windowSeconds)s"
    }
}
