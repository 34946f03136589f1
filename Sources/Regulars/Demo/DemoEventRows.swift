/// Writes events.csv rows: what buyers did on the online channels around their orders, and browsing without buying.
struct DemoEventRows {
    static let header = Array("customer_id,channel,phone,event_type,occurred_at,sku,text,duration_seconds\n".utf8)

    private enum Kind: Int {
        case view, search, addToCart, cartExpired, favorite
        static let names = DemoCell.table(["view", "search", "add_to_cart", "cart_expired", "favorite"])
    }

    private let timeline: DemoTimeline
    private let end: Instant
    /// The account's identity cells (`customer_id,channel,phone,`), written once per order and reused per event.
    private let who = DemoByteBuffer(capacity: 256)

    init(timeline: DemoTimeline) {
        self.timeline = timeline
        end = timeline.end
    }

    /// About three events before an order: a search, views of what was bought, add-to-cart, a favourite, and
    /// sometimes another product viewed, put in the cart and left to expire.
    func writeAroundOrder(_ person: DemoPerson, _ account: DemoAccount, at created: Instant,
                                   products: DemoLines, _ random: inout DemoRandom, _ out: DemoByteBuffer) {
        guard account.channel.isOnline, account.hasID else { return }
        setWho(person, account)
        let main = products[0].product
        if random.chance(350) {
            write(.search, at: created - Int64(random.between(120, 172_800)), sku: nil,
                  text: DemoCatalogue.query(for: main, &random), duration: 0, out)
        }
        for line in 0..<products.count where random.chance(950) {
            write(.view, at: created - Int64(random.between(60, 21_600)), sku: products[line].product, text: nil,
                  duration: random.chance(750) ? random.between(15, 240) : random.between(240, 900), out)
        }
        if random.chance(620) {
            write(.addToCart, at: created - Int64(random.between(30, 1800)), sku: main, text: nil, duration: 0, out)
        }
        if random.chance(80) {
            write(.favorite, at: created - Int64(random.between(60, 86_400)), sku: main, text: nil, duration: 0, out)
        }
        if random.chance(450) {
            var other = DemoCatalogue.popularity.pick(&random)
            if products.contains(other) { other = (other + 1) % DemoCatalogue.products.count }
            writeInterest(in: other, at: created - Int64(random.between(3600, 864_000)), &random, out)
        }
    }

    /// One to four events of someone who browses without ordering (an account that never bought).
    func writeBrowsing(_ person: DemoPerson, _ account: DemoAccount, at moment: Instant,
                                _ random: inout DemoRandom, _ out: DemoByteBuffer) {
        guard account.channel.isOnline, account.hasID else { return }
        setWho(person, account)
        let product = DemoCatalogue.popularity.pick(&random)
        if random.chance(500) {
            write(.search, at: moment - Int64(random.between(30, 600)), sku: nil,
                  text: DemoCatalogue.query(for: product, &random), duration: 0, out)
        }
        if random.chance(200) {
            write(.favorite, at: moment + Int64(random.between(5, 300)), sku: product, text: nil, duration: 0, out)
        }
        writeInterest(in: product, at: moment, &random, out)
    }

    /// A view (sometimes longer than five minutes), maybe an add-to-cart, maybe that cart item expiring a week later.
    private func writeInterest(in product: Int, at moment: Instant, _ random: inout DemoRandom,
                                        _ out: DemoByteBuffer) {
        write(.view, at: moment, sku: product, text: nil,
              duration: random.chance(300) ? random.between(300, 1200) : random.between(10, 200), out)
        guard random.chance(450) else { return }
        let added = moment + Int64(random.between(30, 600))
        write(.addToCart, at: added, sku: product, text: nil, duration: 0, out)
        guard random.chance(550) else { return }
        write(.cartExpired, at: added + 7 * 86_400 + Int64(random.between(0, 3600)), sku: product, text: nil,
              duration: 0, out)
    }

    private func setWho(_ person: DemoPerson, _ account: DemoAccount) {
        who.removeAll()
        DemoIdentifiers.writeAccountID(person, account, who)
        who.comma()
        who.append(account.channel.name)
        who.comma()
        // Only the mini-program knows the phone a browsing visitor bound.
        if account.channel == .miniapp { DemoIdentifiers.writePhone(person, account, who) }
        who.comma()
    }

    private func write(_ kind: Kind, at moment: Instant, sku: Int?, text: DemoCell?, duration: Int,
                       _ out: DemoByteBuffer) {
        guard moment < end else { return }
        out.append(who)
        out.append(Kind.names[kind.rawValue])
        out.comma()
        timeline.writeTime(moment, out)
        out.comma()
        if let sku { out.append(DemoCatalogue.products[sku].sku) }
        out.comma()
        if let text { out.append(text) }
        out.comma()
        if duration > 0 { out.integer(duration) }
        out.newline()
    }
}
