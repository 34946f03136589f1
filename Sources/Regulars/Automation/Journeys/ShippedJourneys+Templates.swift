/// The shipped journey files, written for operators (in Chinese, with the why in comments).
extension ShippedJourneys {
    static let newCustomer = """
        # 新客7天培养：首单后第1天用问卷了解肤质，第3天按肤质发使用指南，第6天送复购券；
        # 下了第二单就结束。“弱营销，强体验”：每步只触达一次，优先企业微信。
        id: new-customer-7-day
        name: 新客7天培养
        trigger: {type: first_order}
        goal: order
        reentry: never
        holdout: 10%
        attribution_days: 7
        steps:
          - wait: {hours: 12, until: "10:00"}     # 首单后的第一个上午（至少隔12小时）
          - id: survey
            send:
              channels: [wechat_work, sms]
              variants:
                - {name: A, weight: 50, body: "{{name}}您好，感谢选购{{last_product}}！花1分钟填个肤质小问卷，我们按肤质为您送上使用建议：{{short_link}}"}
                - {name: B, weight: 50, body: "{{name}}您好，{{last_product}}用着还习惯吗？告诉我们您的肤质，专属护肤建议马上送到：{{short_link}}"}
          - tag: {add: 新客培养中}
          - wait: {days: 2, until: "10:00"}
          - if: "tag = 敏感肌"            # 问卷答“敏感肌”的客户收温和版指南
            then: guide-sensitive
          - id: guide
            send:
              channels: [wechat_work, sms]
              body: "{{name}}您好，{{last_product}}的使用小贴士为您整理好了，用对方法效果更好：{{short_link}}"
          - if: "tag != 敏感肌"           # 已收到普通指南，跳过敏感肌指南
            then: coupon-day
          - id: guide-sensitive
            send:
              channels: [wechat_work, sms]
              body: "{{name}}您好，敏感肌使用{{last_product}}前建议先在耳后试用，更多温和护理要点：{{short_link}}"
          - id: coupon-day
            wait: {days: 3, until: "10:00"}
          - coupon: second-order-10
          - id: second-order
            send:
              channels: [wechat_work, sms]
              body: "{{name}}您好，送您一张10元复购券{{coupon_code}}，7天内有效，回购点这里：{{short_link}}"
          - tag: {remove: 新客培养中}
        """

    static let birthday = """
        # 生日关怀：生日前3天送上生日礼券，生日当天上午再送一句祝福。每年一次。
        id: birthday-care
        name: 生日关怀
        trigger: {type: birthday, days_before: 3}
        reentry: always
        holdout: 10%
        attribution_days: 7
        steps:
          - coupon: birthday-20
          - wait: {until: "10:00"}
          - id: birthday-gift
            send:
              channels: [wechat_work, sms]
              body: "{{name}}，生日快乐提前送到！{{shop}}为您准备了20元生日礼券{{coupon_code}}：{{short_link}}"
          - wait: {days: 3, until: "10:00"}
          - id: birthday-wish
            send:
              channels: [wechat_work, push]
              body: "{{name}}，今天是您的生日，{{shop}}祝您生日快乐，愿新的一岁每天都美美的！"
        """

    static let silentRecall = """
        # 沉睡30天召回：30天没下单，送15元召回券；5天后券快到期再提醒一次。
        # 王者、潜力客户仍没回来，交给客服在企业微信一对一回访，了解原因。
        id: silent-30-recall
        name: 沉睡30天召回
        trigger: {type: silent, days: 30}
        goal: order
        reentry: {after: 60d}
        holdout: 10%
        attribution_days: 7
        steps:
          - coupon: recall-15
          - wait: {until: "10:00"}
          - id: recall
            send:
              channels: [wechat_work, sms]
              variants:
                - {name: A, weight: 50, body: "{{name}}，好久不见，我们想您了！送您15元专属券{{coupon_code}}，回来看看：{{short_link}}"}
                - {name: B, weight: 50, body: "{{name}}您好，15元回购券{{coupon_code}}已到账，{{last_product}}回购直接抵扣：{{short_link}}"}
          - wait: {days: 5, until: "10:00"}
          - id: reminder
            send:
              channels: [sms]
              body: "{{name}}，您的15元专属券{{coupon_code}}快到期了，别错过：{{short_link}}"
          - if: "pyramid in (王者, 潜力)"
            then: call-back
          - exit
          - id: call-back
            task: {title: 企业微信一对一回访，了解未回购原因, due: 2d}
        """

    static let presaleBalance = """
        # 预售尾款提醒：付了定金、尾款未付的客户，截止前12小时提醒，再过8小时（截止前4小时）最后提醒一次。
        # 服务提醒：不算营销，不留对照组。上线前把 deadline 改成本次活动的尾款截止时间。
        id: presale-balance-reminder
        name: 预售尾款提醒
        trigger: {type: presale_balance_due, deadline: "2026-11-11 23:59", hours_before: 12}
        goal: order
        reentry: always
        holdout: 0%
        attribution_days: 2
        steps:
          - id: first-reminder
            send:
              channels: [sms, push]
              marketing: false
              body: "{{name}}您好，您预订的{{product}}尾款将于{{deadline}}截止，记得按时支付：{{short_link}}"
          - wait: 8h
          - id: last-call
            send:
              channels: [sms, push]
              marketing: false
              body: "{{name}}，{{product}}尾款{{deadline}}截止，逾期定金不退，现在支付：{{short_link}}"
        """

    static let repurchase = """
        # 按周期复购提醒：下单后按商品大约用完的时间提醒回购。默认30天，部分品类按各自周期。
        id: repurchase-reminder
        name: 按周期复购提醒
        trigger: {type: repurchase, days: 30, cycles: {面膜: 21, 精华: 40, 沐浴露: 40, 面霜: 45, 爽肤水: 45, 洗发水: 45, 洁面: 50}}
        goal: order
        reentry: always
        holdout: 10%
        attribution_days: 7
        steps:
          - wait: {until: "10:00"}
          - id: reminder
            send:
              channels: [wechat_work, push, sms]
              body: "{{name}}您好，您的{{product}}差不多快用完了，一键回购不断档：{{short_link}}"
          - wait: {days: 4, until: "20:00"}
          - id: second-nudge
            send:
              channels: [push, wechat_work]
              body: "{{product}}补货了吗？点这里一键回购：{{short_link}}"
        """

    static let shippingCare = """
        # 物流关怀：发货即告知物流进度；3天后包裹应已签收，问候一句、有问题及时处理。
        # 服务消息：不算营销，不留对照组。
        id: shipping-care
        name: 物流关怀
        trigger: {type: shipped}
        reentry: always
        holdout: 0%
        attribution_days: 7
        steps:
          - id: shipped-notice
            send:
              channels: [wechat_work, push, sms]
              marketing: false
              body: "{{name}}您好，您的订单{{order}}已发货，物流进度点这里查看：{{short_link}}"
          - wait: {days: 3, until: "10:00"}
          - id: delivered-care
            send:
              channels: [wechat_work, push]
              marketing: false
              body: "{{name}}您好，订单{{order}}签收了吗？使用中有任何问题，随时联系{{shop}}客服。"
        """
}
