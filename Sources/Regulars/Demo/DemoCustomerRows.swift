/// Writes customers.csv: one row per channel account that has a customer_id, so every person appears at least once
/// (anonymous POS walk-ins, known only by phone on their orders, have no row of their own).
struct DemoCustomerRows {
    static let header = Array(
        "customer_id,channel,name,phone,email,union_id,gender,birthday,province,city,registered_at\n".utf8)

    private static let female = DemoCell.single("女")
    private static let male = DemoCell.single("男")

    private let timeline: DemoTimeline

    init(timeline: DemoTimeline) { self.timeline = timeline }

    /// `registered` is when the person first signed up; each further account was opened some time later but
    /// before the person's first order.
    func write(_ person: DemoPerson, registered: Instant, firstOrder: Instant?, _ random: inout DemoRandom,
               _ out: DemoByteBuffer) {
        for slot in 0..<person.accountCount {
            let account = person[slot]
            guard account.hasID else { continue }
            var opened = registered
            if slot > 0 {
                let latest = (firstOrder ?? registered + 30 * 86_400).secondsSinceEpoch
                let room = max(0, latest - registered.secondsSinceEpoch)
                opened = registered + Int64(random.below(Int(room) + 1))
            }
            DemoIdentifiers.writeAccountID(person, account, out)
            out.comma()
            out.append(account.channel.name)
            out.comma()
            DemoIdentifiers.writeName(person, out)
            out.comma()
            DemoIdentifiers.writePhone(person, account, out)
            out.comma()
            DemoIdentifiers.writeEmail(person, account, out)
            out.comma()
            DemoIdentifiers.writeUnionID(person, account, out)
            out.comma()
            if person.genderShown { out.append(person.female ? DemoCustomerRows.female : DemoCustomerRows.male) }
            out.comma()
            // Member programmes (mini-program, store card) ask for birthdays; platforms rarely pass them on.
            let knowsBirthday = account.channel == .miniapp || account.channel == .pos || random.chance(400)
            if person.birthYear > 0, knowsBirthday {
                out.date(year: person.birthYear, month: person.birthMonth, day: person.birthDay)
            }
            out.comma()
            out.append(DemoRegions.all[person.region].province)
            out.comma()
            out.append(DemoRegions.all[person.region].city)
            out.comma()
            timeline.writeTime(opened, out)
            out.newline()
        }
    }
}
