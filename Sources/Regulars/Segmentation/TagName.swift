import Foundation

/// What a tag may be: 1 to 40 characters without leading or trailing spaces (the CLI and the API alike).
public enum TagName {
    public static let maximumLength = 40

    /// Why `tag` cannot be a tag; nil when it can.
    public static func problem(with tag: String) -> String? {
        let trimmed = tag.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed == tag, tag.count <= maximumLength else {
            return "a tag is 1 to \(maximumLength) characters without leading or trailing spaces"
        }
        return nil
    }
}
