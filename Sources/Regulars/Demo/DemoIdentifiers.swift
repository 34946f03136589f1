/// Writes a person's identifying cells: account ids per channel, phone, e-mail, union id and name.
/// Every id embeds a one-to-one scramble of the person's index, so two people never share one by accident.
enum DemoIdentifiers {
    private static let base64 = DemoCell.single("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    private static let base36 = DemoCell.single("0123456789abcdefghijklmnopqrstuvwxyz")
    private static let openIDPrefix = DemoCell.single("oUpF8u")
    private static let unionIDPrefix = DemoCell.single("o6_bmj")
    private static let tmallPrefix = DemoCell.single("tb_")
    private static let jdPrefix = DemoCell.single("jd_")
    private static let douyinPrefix = DemoCell.single("dy_")
    private static let cardPrefix = DemoCell.single("8866")

    /// The buyer account on the channel (empty for an anonymous walk-in).
    static func writeAccountID(_ person: DemoPerson, _ account: DemoAccount, _ out: DemoByteBuffer) {
        guard account.hasID else { return }
        let index = person.index
        switch account.channel {
        case .tmall:
            if person.chineseNick {
                out.append(DemoNames.nickModifiers[index % DemoNames.nickModifiers.count])
                out.append(DemoNames.nickNouns[(index / 7) % DemoNames.nickNouns.count])
                out.integer(number(person, salt: 1, modulus: 10_000_000))
            } else {
                out.append(tmallPrefix)
                let value = number(person, salt: 2, modulus: 2_821_109_907_456)  // 36^8
                out.digits(value, radix: 36, width: 8, alphabet: base36)
            }
        case .jd:
            out.append(jdPrefix)
            out.digits(number(person, salt: 3, modulus: 1 << 48), radix: 16, width: 12, alphabet: base36)
        case .douyin:
            out.append(douyinPrefix)
            let value = number(person, salt: 4, modulus: 101_559_956_668_416)  // 36^9
            out.digits(value, radix: 36, width: 9, alphabet: base36)
        case .miniapp:
            weChatID(person, prefix: openIDPrefix, salt: 5, out)
        case .pos:
            out.append(cardPrefix)
            out.padded(number(person, salt: 6, modulus: 100_000_000), width: 8)
        }
    }

    /// The account's phone cell: the person's mobile, the shop's number, or nothing.
    static func writePhone(_ person: DemoPerson, _ account: DemoAccount, _ out: DemoByteBuffer) {
        if account.keys.contains(.shopPhone) {
            out.append(DemoContacts.shopPhone)
        } else if account.keys.contains(.phone) {
            out.integer(DemoContacts.phonePrefixes[person.phonePrefix])
            out.padded(number(person, salt: 7, modulus: 100_000_000), width: 8)
        }
    }

    static func writeEmail(_ person: DemoPerson, _ account: DemoAccount, _ out: DemoByteBuffer) {
        guard account.keys.contains(.email), person.hasEmail else { return }
        if person.emailDomain == 0 {
            out.integer(100_000_000 + number(person, salt: 8, modulus: 900_000_000))  // a QQ number
        } else {
            out.append(DemoNames.emailWords[(person.index / 3) % DemoNames.emailWords.count])
            out.integer(number(person, salt: 9, modulus: 100_000_000))
        }
        out.byte(UInt8(ascii: "@"))
        out.append(DemoContacts.emailDomains[person.emailDomain])
    }

    static func writeUnionID(_ person: DemoPerson, _ account: DemoAccount, _ out: DemoByteBuffer) {
        guard account.keys.contains(.unionID) else { return }
        weChatID(person, prefix: unionIDPrefix, salt: 10, out)
    }

    static func writeName(_ person: DemoPerson, _ out: DemoByteBuffer) {
        out.append(DemoNames.surnames[person.surname])
        out.append(person.female ? DemoNames.femaleGivenNames[person.givenName]
                                 : DemoNames.maleGivenNames[person.givenName])
    }

    /// 28 characters like a WeChat open id: an app prefix, 6 characters naming the person, 16 random ones.
    private static func weChatID(_ person: DemoPerson, prefix: DemoCell, salt: UInt64, _ out: DemoByteBuffer) {
        out.append(prefix)
        out.digits(number(person, salt: salt, modulus: 1 << 36), radix: 64, width: 6, alphabet: base64)
        var random = DemoRandom(seed: person.seed, stream: UInt64(person.index), salt: 0x5745_4348 ^ salt)
        out.digits(random.next(), radix: 64, width: 10, alphabet: base64)
        out.digits(random.next(), radix: 64, width: 6, alphabet: base64)
    }

    /// The person's index scrambled one-to-one into `0..<modulus`, differently per seed and per use.
    private static func number(_ person: DemoPerson, salt: UInt64, modulus: UInt64) -> UInt64 {
        DemoScramble.permute(person.index, offset: DemoRandom.mix(person.seed ^ (salt &* 0xA24B_AED4_963E_E407)),
                             modulus: modulus)
    }
}
