/// Writes orders.csv, one row per order line: ~5% refunded, a few partly, some cancelled or pending; 双11 presale
/// orders (Oct 20 – Nov 10) carry a deposit and a balance paid just after midnight on Nov 11.
struct DemoOrderRows {
    static let header = Array(("order_id,channel,customer_id,phone,email,union_id,name,province,city,status,"
        + "created_at,paid_at,amount,refund_amount,deposit,balance,discount,sku,product_name,category,brand,quantity,"
        + "unit_price,line_amount\n").utf8)

    private enum Status: Int {
        case paid, refunded, cancelled, pending
        static let names = DemoCell.table(["paid", "refunded", "cancelled", "pending"])
        var isPaid: Bool { self == .paid || self == .refunded }
    }

    private static let saleRates = [900, 880, 850, 800, 750]
    private static let everydayRates = [980, 950, 920, 900]
    private static let miniappPrefix = DemoCell.single("MP")
    private static let posPrefix = DemoCell.single("POS")

    private let calendar: ShopCalendar
    private let end: Instant
    private let timeline: DemoTimeline
    /// Orders per channel so far: the serial part of order ids, which keeps them unique per channel.
    private var serials = DemoSerials()
    /// The order's own cells, written once and repeated on each line row.
    private let orderCells = DemoByteBuffer(capacity: 1024)

    init(timeline: DemoTimeline) {
        self.timeline = timeline
        calendar = timeline.calendar
        end = timeline.end
    }

    /// Writes one order of `person` at virtual tick `tick` (their `ordinal`-th order, from 0); returns what the
    /// events around it need.
    mutating func write(_ person: DemoPerson, tick: UInt64, ordinal: Int, _ random: inout DemoRandom,
                        _ out: DemoByteBuffer) -> (account: DemoAccount, created: Instant, lines: DemoLines) {
        let account = person.pickAccount(&random)
        let created = timeline.instant(tick)
        let date = timeline.date(tick)
        let lines = makeLines(person, account, date: date, ordinal: ordinal, &random)
        let amount = lines.totalFen

        var status = Status.paid
        var paidAt: Instant? = nil
        var deposit: Int64 = 0
        let presale = account.channel != .miniapp && account.channel != .pos && isPresale(date) && random.chance(450)
        if presale {
            deposit = max(1000, amount / 5 / 1000 * 1000)
            if deposit >= amount { deposit = amount / 2 }
            let balanceDue = calendar.instant(CivilDate(year: date.year, month: 11, day: 11),
                                              ClockTime(hour: 0, minute: 0, second: 0)) + Int64(random.between(0, 5400))
            let roll = random.below(1000)
            status = balanceDue >= end ? .pending : roll < 30 ? .cancelled : roll < 80 ? .refunded : .paid
            if status.isPaid { paidAt = balanceDue }
        } else {
            let roll = random.below(1000)
            let recent = end.secondsSinceEpoch - created.secondsSinceEpoch < 86_400 && random.chance(300)
            status = recent || roll < 10 ? .pending : roll < 45 ? .cancelled : roll < 95 ? .refunded : .paid
            if status.isPaid {
                paidAt = Instant(secondsSinceEpoch: min(created.secondsSinceEpoch + Int64(random.between(3, 900)),
                                                        max(created.secondsSinceEpoch, end.secondsSinceEpoch - 1)))
            }
        }
        var refund: Int64 = 0
        if status == .refunded {
            refund = amount
        } else if status == .paid, random.chance(15) {
            refund = lines.count > 1 ? lines.smallestFen : amount * Int64(random.between(10, 50)) / 100
        }

        orderCells.removeAll()
        let serial = serials.next(account.channel)
        DemoOrderRows.writeOrderID(account.channel, serial: serial, firstYear: tick < timeline.ticks / 2, date: date,
                                   region: person.region, &random, orderCells)
        orderCells.comma()
        orderCells.append(account.channel.name)
        orderCells.comma()
        DemoIdentifiers.writeAccountID(person, account, orderCells)
        orderCells.comma()
        DemoIdentifiers.writePhone(person, account, orderCells)
        orderCells.comma()
        DemoIdentifiers.writeEmail(person, account, orderCells)
        orderCells.comma()
        DemoIdentifiers.writeUnionID(person, account, orderCells)
        orderCells.comma()
        DemoIdentifiers.writeName(person, orderCells)
        orderCells.comma()
        orderCells.append(DemoRegions.all[person.region].province)
        orderCells.comma()
        orderCells.append(DemoRegions.all[person.region].city)
        orderCells.comma()
        orderCells.append(Status.names[status.rawValue])
        orderCells.comma()
        timeline.writeTime(created, orderCells)
        orderCells.comma()
        if let paidAt { timeline.writeTime(paidAt, orderCells) }
        orderCells.comma()
        orderCells.money(amount)
        orderCells.comma()
        if status.isPaid { orderCells.money(refund) }
        orderCells.comma()
        if presale {
            orderCells.money(deposit)
            orderCells.comma()
            orderCells.money(amount - deposit)
        } else {
            orderCells.comma()
        }
        orderCells.comma()
        let discount = lines.listFen - lines.totalFen
        if discount > 0 { orderCells.money(discount) }
        orderCells.comma()

        for index in 0..<lines.count {
            let line = lines[index]
            let product = DemoCatalogue.products[line.product]
            out.append(orderCells)
            out.append(product.sku)
            out.comma()
            out.append(product.name)
            out.comma()
            out.append(product.category)
            out.comma()
            out.append(product.brand)
            out.comma()
            out.integer(line.quantity)
            out.comma()
            out.money(product.priceFen)
            out.comma()
            out.money(line.amountFen)
            out.newline()
        }
        return (account, created, lines)
    }

    /// 1–3 distinct products, quantity mostly 1; repeat buyers often come back for their favourite. Discounts are
    /// deeper during the big sales; POS members get 95折.
    private func makeLines(_ person: DemoPerson, _ account: DemoAccount, date: CivilDate, ordinal: Int,
                           _ random: inout DemoRandom) -> DemoLines {
        let roll = random.below(1000)
        let wanted = roll < 680 ? 1 : roll < 920 ? 2 : 3
        // What is paid per 1000 of list price: 8.5折 is 850.
        var rate = 1000
        if DemoSeason.isSalePeriod(date) {
            rate = DemoOrderRows.saleRates[random.below(DemoOrderRows.saleRates.count)]
        } else if account.channel == .pos {
            rate = random.chance(600) ? 950 : 1000
        } else if random.chance(450) {
            rate = DemoOrderRows.everydayRates[random.below(DemoOrderRows.everydayRates.count)]
        }
        var lines = DemoLines()
        for index in 0..<wanted {
            var product = index == 0 && random.chance(ordinal > 0 ? 550 : 300)
                ? person.favorite : DemoCatalogue.popularity.pick(&random)
            if lines.contains(product) { product = DemoCatalogue.popularity.pick(&random) }
            if lines.contains(product) { continue }
            let item = DemoCatalogue.products[product]
            let quantityRoll = random.below(1000)
            let quantity = item.household
                ? (quantityRoll < 700 ? 1 : quantityRoll < 900 ? 2 : 3)
                : (quantityRoll < 900 ? 1 : quantityRoll < 980 ? 2 : 3)
            let list = item.priceFen * Int64(quantity)
            lines.append(DemoLine(product: product, quantity: quantity, amountFen: list * Int64(rate) / 1000))
        }
        return lines
    }

    private func isPresale(_ date: CivilDate) -> Bool {
        (date.month == 10 && date.day >= 20) || (date.month == 11 && date.day <= 10)
    }

    /// Platform-shaped ids, unique per channel through the serial: Tmall 18 then 19 digits, JD 12, Douyin 19,
    /// `MP20241111…` for the mini-program, `POS01241111…` (store, date, serial) at the counter.
    private static func writeOrderID(_ channel: DemoChannel, serial: UInt64, firstYear: Bool, date: CivilDate,
                                     region: Int, _ random: inout DemoRandom, _ out: DemoByteBuffer) {
        switch channel {
        case .tmall:
            let base: UInt64 = firstYear ? 216_000_000_000_000_000 : 3_680_000_000_000_000_000
            out.integer(base + serial * 100_003 + UInt64(random.below(100_003)))
        case .jd:
            out.integer(280_000_000_000 + serial * 10_007 + UInt64(random.below(10_007)))
        case .douyin:
            out.integer(6_912_000_000_000_000_000 + serial * 1_000_003 + UInt64(random.below(1_000_003)))
        case .miniapp:
            out.append(miniappPrefix)
            out.padded(UInt64(date.year * 10_000 + date.month * 100 + date.day), width: 8)
            out.padded(serial, width: 8)
        case .pos:
            out.append(posPrefix)
            out.padded(UInt64(max(1, DemoRegions.all[region].store)), width: 2)
            out.padded(UInt64(date.year % 100 * 10_000 + date.month * 100 + date.day), width: 6)
            out.padded(serial, width: 7)
        }
    }
}

/// Orders so far per channel, held inline.
private struct DemoSerials {
    private var tmall: UInt64 = 0, jd: UInt64 = 0, douyin: UInt64 = 0, miniapp: UInt64 = 0, pos: UInt64 = 0

    mutating func next(_ channel: DemoChannel) -> UInt64 {
        switch channel {
        case .tmall: defer { tmall += 1 }; return tmall
        case .jd: defer { jd += 1 }; return jd
        case .douyin: defer { douyin += 1 }; return douyin
        case .miniapp: defer { miniapp += 1 }; return miniapp
        case .pos: defer { pos += 1 }; return pos
        }
    }
}
