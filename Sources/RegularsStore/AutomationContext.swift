import Foundation
import Regulars
import Synchronization

/// What a scheduler pass gives the store to run journey steps: settings, the channels that are set up, an answer to
/// audience conditions, and compiled templates shared between steps.
public struct StepContext: Sendable {
    public var settings: AutomationSettings
    public var calendar: ShopCalendar
    /// Channels with an adapter set up; a customer is reachable on a channel only if it is here too.
    public var channels: Set<ContactChannel>
    /// Whether customer `id` is in the audience the condition (audience language) describes.
    public var matches: @Sendable (_ condition: String, _ customer: Int64) -> Bool
    public var templates: TemplateCache

    public init(settings: AutomationSettings, calendar: ShopCalendar, channels: Set<ContactChannel>,
                templates: TemplateCache = TemplateCache(),
                matches: @escaping @Sendable (_ condition: String, _ customer: Int64) -> Bool) {
        self.settings = settings
        self.calendar = calendar
        self.channels = channels
        self.templates = templates
        self.matches = matches
    }
}

/// Compiled message templates by journey, version, step and variant (compiling is far dearer than rendering).
public final class TemplateCache: Sendable {
    private let compiled = Mutex<[String: MessageTemplate]>([:])

    public init() {}

    public func template(_ variant: MessageVariant, key: String) throws -> MessageTemplate {
        if let known = compiled.withLock({ $0[key] }) { return known }
        let template = try MessageTemplate(variant)
        compiled.withLock { $0[key] = template }
        return template
    }
}
