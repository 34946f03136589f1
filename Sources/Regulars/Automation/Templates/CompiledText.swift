import Foundation
import Mustache

/// One subject or body, compiled once. Plain-substitution texts (text and `{{key}}` tags only: nearly every SMS)
/// render by concatenation; texts with sections or other Mustache features render through swift-mustache.
struct CompiledText: Sendable {
    enum Key: Sendable, Equatable {
        case name, lastProduct, tier, couponCode, shortLink, shop
        case extra(String)

        init(_ name: String) {
            switch name {
            case "name": self = .name
            case "last_product": self = .lastProduct
            case "tier": self = .tier
            case "coupon_code": self = .couponCode
            case "short_link": self = .shortLink
            case "shop": self = .shop
            default: self = .extra(name)
            }
        }
    }

    enum Piece: Sendable {
        case text(String)
        case value(Key, escaped: Bool)
    }

    private let pieces: [Piece]?
    private let mustache: MustacheTemplate
    private let html: Bool
    private let fixedLength: Int

    /// Escaping is off for text (SMS, push, WeChat Work, plain e-mail): `{{x}}` and `{{{x}}}` both insert `x` as is.
    /// `html` keeps Mustache's HTML escaping of `{{x}}`.
    init(_ source: String, variant: String, part: TemplateError.Part, html: Bool, allowedExtras: Set<String>?) throws(TemplateError) {
        // A standalone pragma line is removed with its newline, so the text renders exactly as written.
        let pragma = html ? "" : "{{% CONTENT_TYPE: TEXT}}\n"
        do {
            mustache = try MustacheTemplate(string: pragma + source)
        } catch let error as MustacheTemplate.ParserError {
            throw TemplateError(variant: variant, part: part, line: error.context.lineNumber - (html ? 0 : 1),
                                column: error.context.columnNumber, problem: .syntax(Self.explain(error.error)))
        } catch {
            throw TemplateError(variant: variant, part: part, problem: .syntax("\(error)"))
        }
        self.html = html
        let scanned = TemplateTags.scan(source)
        try Self.check(scanned ?? [], source: source, variant: variant, part: part, allowedExtras: allowedExtras)
        var pieces: [Piece]? = []
        var fixedLength = 0
        for piece in scanned ?? [] {
            switch piece {
            case .text(let text):
                pieces?.append(.text(String(text)))
                fixedLength += text.utf8.count
            case .tag(let sigil, let name) where (sigil == nil || sigil == "{" || sigil == "&") && TemplateTags.isPlainKey(name):
                pieces?.append(.value(Key(name), escaped: html && sigil == nil))
            case .tag:
                pieces = nil
            }
        }
        self.pieces = scanned == nil ? nil : pieces
        self.fixedLength = fixedLength
    }

    func render(_ variables: MessageVariables) -> String {
        guard let pieces else { return mustache.render(MustacheScope(variables: variables)) }
        var out = String()
        out.reserveCapacity(fixedLength + 48)
        for piece in pieces {
            switch piece {
            case .text(let text):
                out += text
            case .value(let key, let escaped):
                guard let value = Self.value(key, in: variables) else { continue }
                if escaped { Self.appendEscaped(value, to: &out) } else { out += value }
            }
        }
        return out
    }

    private static func value(_ key: Key, in variables: MessageVariables) -> String? {
        func present(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        switch key {
        case .name: return present(variables.name) ?? MessageVariables.fallbackName
        case .lastProduct: return present(variables.lastProduct) ?? MessageVariables.fallbackProduct
        case .tier: return present(variables.tier)
        case .couponCode: return present(variables.couponCode)
        case .shortLink: return present(variables.shortLink)
        case .shop: return present(variables.shop) ?? MessageVariables.fallbackShop
        case .extra(let name): return present(variables.extra[name])
        }
    }

    /// The same escaping as swift-mustache's HTML content type.
    private static func appendEscaped(_ value: String, to out: inout String) {
        for character in value {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
    }

    private static func check(_ pieces: [TemplateTags.Piece], source: String, variant: String, part: TemplateError.Part,
                              allowedExtras: Set<String>?) throws(TemplateError) {
        if part == .body, source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw TemplateError(variant: variant, part: part, problem: .emptyBody)
        }
        for case .tag(let sigil, let name) in pieces {
            switch sigil {
            case ">"?, "<"?, "$"?:
                throw TemplateError(variant: variant, part: part, problem: .syntax("partials and blocks ({{> …}}, {{< …}}, {{$ …}}) are not available in messages"))
            case nil, "{"?, "&"?, "#"?, "^"?:
                guard let allowedExtras, name != ".", !name.contains("(") else { continue }
                let key = String(name.prefix { $0 != "." })
                if !MessageVariables.standardKeys.contains(key), !allowedExtras.contains(key) {
                    throw TemplateError(variant: variant, part: part, problem: .unknownVariable(key))
                }
            default:
                continue
            }
        }
    }

    private static func explain(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "unreadable Mustache (\(error))" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not finished or its name has characters other than a-z, 0-9, _ and - (write {{name}})"
        case .expectedSectionEnd: return "a section ({{#…}} or {{^…}}) is never closed with {{/…}}"
        case .invalidSetDelimiter: return "a delimiter change ({{=…=}}) is badly written"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "template inheritance is not available in messages"
        case .invalidConfigVariableSyntax: return "a pragma ({{% …}}) is badly written"
        case .unrecognisedConfigVariable: return "unknown pragma; only {{% CONTENT_TYPE: TEXT}} or HTML is known"
        }
    }
}

/// What a Mustache section or variable sees: the message's values by their template names.
private struct MustacheScope: MustacheParent {
    let variables: MessageVariables

    func child(named name: String) -> Any? { variables.value(for: name) }
}
