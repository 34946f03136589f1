import ArgumentParser
import Foundation
import Regulars
import RegularsStore

struct TagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Customer tags: add and remove by hand, or define a rule that tags whoever matches an audience query.",
        subcommands: [Add.self, Remove.self, Rule.self, Rules.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a customer a tag.")
        @Argument(help: "A customer id, phone or account.") var customer: String
        @Argument(help: "The tag, e.g. 敏感肌.") var tag: String
        @OptionGroup var store: StoreOptions

        func validate() throws { try TagName.check(tag) }

        func run() async throws {
            let store = try store.open()
            let id = try await CustomerLookup.id(customer, in: store)
            let added = try await store.addTag(tag, to: id, at: currentInstant())
            print(added ? "customer \(id): + \(tag)" : "customer \(id) already has \(tag)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a tag away from a customer (a rule gives it back if it still matches).")
        @Argument(help: "A customer id, phone or account.") var customer: String
        @Argument(help: "The tag.") var tag: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try store.open()
            let id = try await CustomerLookup.id(customer, in: store)
            guard try await store.removeTag(tag, from: id, at: currentInstant()) else {
                throw CommandFailure("customer \(id) has no tag \(tag)")
            }
            print("customer \(id): − \(tag)")
        }
    }

    struct Rule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Define a rule tag (re-evaluated at every segment computation), show it, or delete it.",
            discussion: "Example: regulars tag rule 价格敏感 \"coupon_share > 0.5\"")
        @Argument(help: "The tag.") var tag: String
        @Argument(help: "Who gets it, in the audience language.") var definition: String?
        @Flag(help: "Delete the rule and the tags it gave.") var delete = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            try TagName.check(tag)
            if delete, definition != nil { throw ValidationError("give a definition or --delete, not both") }
        }

        func run() async throws {
            let store = try store.open()
            let now = currentInstant()
            if delete {
                guard try await store.deleteTagRule(tag, at: now) else { throw CommandFailure("no rule for tag \(tag)") }
                print("deleted the rule for \(tag) and the tags it gave")
                return
            }
            guard let definition else {
                guard let rule = try await store.tagRules().first(where: { $0.tag == tag }) else {
                    throw CommandFailure("no rule for tag \(tag) (define one: regulars tag rule \(tag) \"QUERY\")")
                }
                print("\(rule.tag) = \(rule.definition)")
                return
            }
            let query = try AudienceTarget.parse(definition)
            let settings = try await store.loadSettings()
            let (added, removed) = try await RuleTags.define(TagRule(tag: tag, definition: query.canonical, createdAt: now),
                                                              store: store, settings: settings, now: now)
            print("\(tag) = \(query.canonical)\n  + \(added) customers, − \(removed)")
        }
    }

    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tag rules.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let rules = try await store.open().tagRules()
            if output.json { try printJSON(rules); return }
            if rules.isEmpty { print("no tag rules (regulars tag rule 价格敏感 \"coupon_share > 0.5\")") }
            for rule in rules { print("\(rule.tag) = \(rule.definition)") }
        }
    }
}

extension TagName {
    static func check(_ tag: String) throws {
        if let problem = problem(with: tag) { throw ValidationError(problem) }
    }
}
