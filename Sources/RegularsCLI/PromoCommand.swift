import ArgumentParser
import Foundation
import Regulars
import RegularsStore

struct PromoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promo",
        abstract: "Promotions (PROMO-1 … PROMO-3): create from a JSON definition, list, show, simulate the worst-case stack, disable.",
        subcommands: [Create.self, List.self, Show.self, Simulate.self, Disable.self, Enable.self, Floor.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace a promotion from a JSON file; refused when some stack would sell a SKU below its cost floor.",
            discussion: """
                Example file: {"id": "d11", "name": "双11 满减", "benefit": {"type": "tiered", "tiers": [{"threshold": "200", "off": "30"}]},
                 "targeting": {"starts": "2026-11-11 00:00:00", "ends": "2026-11-12 00:00:00"}, "stacking": {"group": "shop"}}
                Benefit types: \(Benefit.typeNames.joined(separator: ", ")).
                """)
        @Argument(help: "The promotion's JSON file.") var file: String
        @Flag(help: "Publish even if the simulator finds a SKU below its cost floor (pricing still never goes below it).") var force = false
        @Flag(help: "Save it disabled.") var disabled = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let offer = try OfferCoding.decodeOffer(try PromoFiles.read(file), calendar: settings.calendar)
            let now = currentInstant()
            if !disabled {
                let findings = try await PromoFiles.simulate(offer, store: store, now: now)
                let below = findings.filter(\.isBelowFloor)
                if !below.isEmpty && !force {
                    throw CommandFailure("""
                        \(offer.id) is not published: \(below.count) SKU(s) could be sold below their cost floor.
                        \(PricingText.findings(below, limit: 5))
                        Change the promotion, or publish with --force (pricing will stop every stack at the floor).
                        """)
                }
            }
            let existed = try await store.promotion(id: offer.id) != nil
            try await store.savePromotion(offer, at: now)
            if disabled { _ = try await store.setPromotionEnabled(id: offer.id, false, at: now) }
            print("\(existed ? "replaced" : "created") \(PricingText.offerLine(offer))\(disabled ? " (disabled)" : "")")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List promotions with what they have given.")
        @Flag(help: "Include disabled promotions.") var all = false
        @Flag(help: "JSON output.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let promotions = try await store.open().promotions(includeDisabled: all)
            if json { return try printJSON(promotions) }
            if promotions.isEmpty { print("no promotions (create one: regulars promo create FILE.json)") }
            for stored in promotions {
                print((stored.enabled ? "● " : "○ ") + PricingText.offerLine(stored.offer) + PromoFiles.counters(stored))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a promotion's definition and counters.")
        @Argument(help: "The promotion id.") var id: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let stored = try await store.open().promotion(id: id) else { throw CommandFailure("no promotion \(id)") }
            print((stored.enabled ? "enabled  " : "disabled ") + PricingText.offerLine(stored.offer) + PromoFiles.counters(stored))
            print(String(decoding: OfferCoding.encode(stored.offer), as: UTF8.self))
        }
    }

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The worst case a promotion can reach: for each SKU it covers, the lowest price per unit any cart gets when it stacks with every active promotion and one coupon of every template.")
        @Argument(help: "A promotion id, or a JSON file of one not yet published.") var promotion: String
        @Option(help: "SKUs to print.") var limit = 10
        @Flag(help: "JSON output.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try store.open()
            let offer: Offer
            if FileManager.default.fileExists(atPath: promotion) {
                offer = try OfferCoding.decodeOffer(try PromoFiles.read(promotion), calendar: try await store.loadSettings().calendar)
            } else if let stored = try await store.promotion(id: promotion) {
                offer = stored.offer
            } else {
                throw CommandFailure("no promotion or file \(promotion)")
            }
            let findings = try await PromoFiles.simulate(offer, store: store, now: currentInstant())
            if json { return try printJSON(findings) }
            print(PricingText.offerLine(offer))
            print(PricingText.findings(findings, limit: limit))
            let below = findings.filter(\.isBelowFloor).count
            print(below == 0 ? "verdict: no SKU goes below its cost floor" : "verdict: \(below) SKU(s) below their cost floor — create refuses without --force")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a promotion (it stays listed with --all).")
        @Argument(help: "The promotion id.") var id: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard try await store.open().setPromotionEnabled(id: id, false, at: currentInstant()) else { throw CommandFailure("no promotion \(id)") }
            print("disabled \(id)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a disabled promotion again.")
        @Argument(help: "The promotion id.") var id: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard try await store.open().setPromotionEnabled(id: id, true, at: currentInstant()) else { throw CommandFailure("no promotion \(id)") }
            print("enabled \(id)")
        }
    }

    struct Floor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cost floors (成本价保护): the lowest price per unit any stack may reach for a SKU.",
            discussion: "regulars promo floor SKU 35.00 sets one, regulars promo floor SKU --remove removes it, regulars promo floor lists them.")
        @Argument(help: "The SKU.") var sku: String?
        @Argument(help: "Lowest price per unit in yuan.") var price: String?
        @Flag(help: "Remove the SKU's floor.") var remove = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try store.open()
            guard let sku else {
                let floors = try await store.costFloors()
                if floors.isEmpty { print("no cost floors") }
                for (sku, floor) in floors.sorted(by: { $0.key < $1.key }) { print("\(sku)  \(floor)") }
                return
            }
            if remove {
                try await store.setCostFloor(sku: sku, nil)
                print("\(sku): no floor")
                return
            }
            guard let price, let money = MoneyParser.parse(price), money.fen >= 0 else {
                throw CommandFailure("give the floor in yuan, e.g. regulars promo floor \(sku) 35.00")
            }
            try await store.setCostFloor(sku: sku, money)
            print("\(sku): floor \(money)")
        }
    }
}

enum PromoFiles {
    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        return data
    }

    static func simulate(_ offer: Offer, store: SQLiteStore, now: Instant) async throws -> [WorstCaseSimulator.Finding] {
        let others = try await store.promotions(includeDisabled: false).map(\.offer)
        let templates = try await store.templates().map(\.template.offer)
        return WorstCaseSimulator.simulate(offer, others: others, templates: templates, catalogue: try await store.latestProductPrices(),
                                           floors: try await store.costFloors(), now: now)
    }

    static func counters(_ stored: StoredPromotion) -> String {
        var parts: [String] = []
        if stored.unitsSold > 0 { parts.append("sold \(stored.unitsSold)") }
        if stored.buyers > 0 { parts.append("buyers \(stored.buyers)") }
        if stored.given.fen > 0 { parts.append("given \(stored.given)") }
        return parts.isEmpty ? "" : " · " + parts.joined(separator: " · ")
    }
}
