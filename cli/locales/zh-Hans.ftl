# 近邻命令行的文字（简体中文）。每个键在 en.ftl 中也必须有；cargo test 会检查两边一致，
# 以及代码中用到的每个键都写在这里。--json 的输出不经过这里。

## 出错时（output.rs）
needs-relay = 这个命令需要连接中继，但 --offline 要求不连接：请去掉 --offline 再运行
unreached = 无法连接中继（{ $reason }）；{ $what }
unreached-changes-wait = 本设备写下的内容会留在这里，下次同步时一并发出
unreached-nothing-changed = 什么都没有改动；等能连上中继时再运行一次这个命令
unreached-hidden-here = 这个求助已在本设备上隐藏，但通知还没有转给别人；等能连上中继时再运行一次这个命令

## 求助与群组的显示（show.rs）
urgent-mark = 紧急
request-line = { $id }  { $urgent }{ $kind } { $status } 已确认 { $confirmed }/{ $slots }  { $words }
request-card-title = { $kind }求助 { $id } — { $status }{ $urgent ->
    [yes] ，紧急
   *[no] {""}
}
request-asked-by = 求助人：{ $name }
request-raised-by = （由 { $by } 代为发起）
request-own-words = “{ $text }”
request-place = ，{ $place }
request-at = ，{ $when }
request-need = 需要 { $slots } 位志愿者
request-nobody-yet = { $need }；还没有人报名
request-signups = { $need }：
request-comments = 留言：
state-confirmed-picked = 已确认（求助人选中）
state-confirmed = 已确认
state-standby = 候补（有人退出时递补）
state-tentative = 待定（等中继确认）
group-line = { $id }  { $kind } { $name }  （{ $members } 位成员{ $role ->
    [none] {""}
   *[other] ，您是{ $role }
}）
member-line = { $id }  { $name }（{ $role }{ $home }）
member-building = ，{ $building }号楼
member-unit = ，{ $unit }室

## 同步（cmd/sync.rs、cmd/refused.rs）
sync-done = 已与 { $url } 同步：发出 { $sent } 项改动，收到 { $received } 项改动
sync-saved = ，以及 { $count } 份完整内容
sync-updated = ；本设备上更新了 { $count } 项
sync-end = 。
sync-pending = 还有 { $count } 项等待发出。
sync-set-aside = 中继拒绝了对 { $doc } 的 { $count } 项改动：{ $reason }。它们不再等待发出；`jinlin refused` 可列出。
sync-not-sent = 未发出：{ $doc }：{ $reason }（保留在本设备上）。
refused-none = 中继没有拒绝过本设备写下的任何内容。
refused-some = 中继拒绝了本设备写下的 { $count } 项改动：

## 词汇（show.rs 的 word：求助类型、状态、角色、群组类型）
word-kind-hospital = 陪诊就医
word-kind-errand = 跑腿
word-kind-repair = 维修
word-kind-companionship = 陪伴
word-kind-legal = 法律
word-kind-other = 其他
word-status-open = 待响应
word-status-in-progress = 进行中
word-status-done = 已完成
word-status-cancelled = 已取消
word-role-resident = 居民
word-role-volunteer = 志愿者
word-role-building-leader = 楼栋长
word-role-grid-worker = 网格员
word-role-staff = 社区工作人员
word-group-community = 社区
word-group-estate = 小区
word-group-building = 楼栋

## 改动之后（cmd/mod.rs、cmd/request.rs）
note-sent = 已发送到中继
note-refused = 中继拒绝了本设备的一项改动：{ $reason }（它不再等待发出；`jinlin refused` 可列出）
note-saved = 已保存在本设备上；`jinlin sync` 会发出
note-saved-unreached = 已保存在本设备上；暂时连不上中继，下次同步时发出
requests-none = 没有求助。
done-signed-up = 您已报名
done-withdrew = 您已退出；第一位候补的人递补上来
done-started = 已标为进行中
done-done = 已标为完成。谢谢您
done-cancelled = 已取消
done-commented = 已添加留言
done-picked = 已选定
request-raised = { $id }
    已发出求助（{ $kind }）；{ $note }。
request-you-are = {""}您的状态：{ $state }。
request-changed = { $done }（{ $status }；{ $note }）。{ $mine }

## 提醒设置（cmd/me.rs）
me-available = 附近有人紧急求助时，会通知您。
me-unavailable = 不会再通知您（社区工作人员和网格员仍在最后一轮通知之中）。
me-no-quiet = 没有免打扰时段。
me-quiet-nothing = 期间什么都不会打扰您
me-quiet-medical = 紧急就医求助仍会通知您
me-quiet = 免打扰时段：{ $start } 至 { $end }；{ $medical }。
me-home-off = 中继不再保存您的住址。
me-home = 附近的紧急求助会按距离先通知您；只有中继保存您的住址。
me-push = 手机离线时，通知会经由 { $kind } 送达。
me-language-zh = 推送和短信网关的通知将以中文发给您。
me-language-en = 推送和短信网关的通知将以英文发给您。

## 注册与身份（cmd/register.rs）
cannot-read = 无法读取 { $path }
register-elsewhere = 本设备已在 { $existing } 注册；要在 { $url } 注册，请换一个 --home
register-gone = 这个身份已从 { $url } 退出或被工作人员停用，不能再注册；请用新的 --home 注册为新设备
register-hello = 您好，{ $name }！本设备已{ $note ->
    [again] 再次
   *[first] {""}
}在 { $url } 注册（成员 { $member }）。
whoami-nobody = 本设备还没有身份：请运行 `jinlin register --relay URL --name 姓名`。
whoami-syncing = { $name }（成员 { $member }），与 { $url } 同步；{ $pending } 份文档等待发出。
whoami-unregistered = { $name }（成员 { $member }），尚未在中继注册。
signout-unregistered = 本设备没有在中继注册，无需退出
signout-must-send = 退出前，本设备写下的内容必须先送到中继（或使用 --force）
signout-unsent = 本设备有 { $count } 项改动还没送到中继，退出后将永远无法发出；请先运行 `jinlin sync`，或用 --force 退出并放弃它们
signout-left = 有 { $count } 项从未送到中继的改动只留在本设备上。
signout-done = 已退出 { $url }：本设备的令牌已失效，您写下的内容仍留给邻居们。{ $left }如要再用近邻，请用新的 --home 注册。

## 群组（cmd/group.rs）
group-created = { $id }
    已创建 { $name }（{ $kind }）；{ $note }。
invite-needs-building = 楼栋长的邀请要写明所管的楼栋：请加上 --building
invite-needs-uses = 邀请至少要能用 1 次
invite-group-unsent = 群组要先送到中继，才能发邀请
invite-made = { $code }
    邀请一位{ $role }加入 { $group }；可用 { $uses } 次，{ $valid } 内有效。
invite-revoked = 邀请 { $code } 已作废。
member-short = 成员 { $id }
device-revoked = { $name } 的设备已停用：令牌失效，实时连接已关闭。他们写下的内容保留；请在新手机上重新邀请他们。
groups-none = 还没有群组：用 `jinlin group create 名称` 创建，或用 `jinlin group join 邀请码` 加入。
zone-named = { $group } 使用 { $zone } 时区。
zone-none = { $group } 没有指定时区：跟随所属的上级群组，或默认 UTC+8。
saved-note = {""}已保存；{ $note }。
intervals = 走访间隔：红色每 { $red } 天，黄色每 { $yellow } 天，蓝色每 { $blue } 天。
join-needs-code = 请输入您收到的邀请码
join-welcome = 欢迎加入 { $group }！您的身份是{ $role }。
join-unsynced = 您已以{ $role }身份加入群组 { $group }；运行 `jinlin sync` 接收它。

## 紧急通知（cmd/alerts.rs）
receipts = 第 { $wave } 轮 · 已通知 { $alerted } · 已送达 { $delivered } · 已查看 { $seen }{ $declined } · { $coming }/{ $slots } 人赶来
receipts-declined = {""} · { $count } 人谢绝
follow-start = 正在通知最近的邻居；按 Ctrl-C 停止查看（通知会继续）。
follow-widening = 人手还不够：扩大到第 { $wave } 轮。
follow-enough = 已有足够的邻居赶来；其他人已收到“不用来了”。
not-registered = 本设备没有在中继注册
decline-not-taken = 这个求助已在本设备上隐藏，但中继没有收到谢绝
declined = 已谢绝；通知会转给下一位最近的邻居。

## 每日平安（cmd/checkin.rs、cmd/pair.rs）
checkin-paused = 已暂停：暂停期间不会通知任何人。
checkin-resumed = 已恢复。
checkin-coming = 您正在赶去；其他人再等一会儿。
checkin-fine = 她平安：已记录，并已告诉其他人。
checkin-needs-help = { $request }
    已为她发出紧急就医求助；警报指向这个求助。
lifeline-nobody = 还没有人与您结对（给出结对编号可查看别人的联系卡）
lifeline-title = 与您结对的邻居：
lifeline-no-number = 未留电话
lifeline-text = 没有网络时，发短信给 { $to }：“{ $fine }”
lifeline-stale = （这是上次看到的：暂时连不上中继）
checkin-nobody = 还没有人与您结对；社区工作人员或网格员可以为您结对。
checkin-done = 我很好 — 今天已报平安。
checkin-late = 已记录，但来得太晚，不能算作当天的平安：已经通知了一位邻居；请再点一次告诉他们您没事。
checkin-kept = 我很好 — 已保存在本手机上；一有网络就发到中继（`jinlin sync`）。
checkin-to-be-sure = 保险起见，发短信给 { $to }：“{ $fine }”
pairing-title = 结对 { $id } — { $name }（{ $place }）
pairing-in-force = 已生效
pairing-waiting = 等她一方接受
pairing-deadline = 每天 { $deadline } 前报平安（宽限 { $grace } 分钟）；{ $state }
pairing-accepted = 已接受
pairing-not-accepted = 尚未接受
pairing-last = 上次报平安：{ $when }
pairing-paused = 暂停到 { $when }
pairing-next = 下次判定：{ $when }
watch-open = 未解决
watch-fine = 平安，{ $when } 有人看过
watch-needs-help = 需要帮助：紧急求助 { $request }
watch-checked-in = 她在 { $when } 报了平安
watch-missed = { $when } 未报平安（{ $state }）；已通知：
watch-not-delivered = 尚未送达
watch-on-the-way = ，正在赶去
watch-alerted = { $who }（第 { $circle } 圈，{ $how }{ $coming }）
pair-needs-person = 请说明谁的手机报平安：--person 成员，或为没有手机的人用 --proxy 成员
pair-bad-language = --neighbour ...@{ $other }：语言只能是 en 或 zh-Hans
paired = { $id }
    已结对；她（或代办人）接受后生效，每位邻居接受后才会被通知。
pair-accepted = 已接受。
pairings-none = 没有您可以查看的结对。

## 服务队与服务单（cmd/team.rs、cmd/order.rs）
changed-note = { $done }（{ $note }）。
team-created = 已建立服务队
teams-none = 没有服务队。
team-member-added = 已加入成员
team-member-removed = 已移除成员
team-unknown = 这个群组里没有这支服务队
team-line = { $id }  { $name } [{ $kind }{ $skill }] { $members } 名成员
menu-published = 已发布到服务目录
menu-none = 服务目录里还没有内容。
menu-withdrawn = 已从服务目录撤下
menu-unknown = 这个群组的服务目录里没有这一项
price-free = 免费
menu-direct = ，由服务队直接接单
menu-off = （已下架）
order-placed = 已下单
orders-none = 没有服务单。
order-wanted = 希望时间：{ $time }
order-note = 备注：{ $note }
order-team-declined = （已谢绝）
order-dispatch = { $when } 派给服务队 { $team }{ $declined }
order-rated = 评分 { $stars }/5 { $comment }
order-dispatched = 已派单
order-accepted = 已接单
order-declined = 已谢绝；退回给工作人员
order-done = 已标为完成
rated = 已评分
ratings-teams = 服务队
ratings-members = 队员与志愿者
ratings-none = 还没有评分
ratings-line = { $name } { $average }/5，共 { $count } 个评分
helped = 您已帮助邻居 { $count } 次。
order-accepted-by = ，由 { $name } 接单
order-line = { $id }  [{ $status }] { $title } — { $price }，为 { $who }{ $accepted }

## 需求榜（cmd/board.rs）
board-none = 需求榜上什么都没有。
board-for-team = ，代表 { $team }
board-claimed-by = 由 { $name }{ $team } 认领（{ $state }）
board-resolved = 已解决：{ $how }
board-published = 已放上需求榜
board-claimed = 已认领
board-unclaimed = 已撤回认领
board-progress = 已记下进展
board-resolved-done = 已解决；等工作人员确认
board-confirmed = 已确认
board-withdrawn = 已从需求榜撤下
figures-total = 收集 { $collected }，当场解决 { $spot }，认领 { $claimed }，解决 { $resolved }（已确认 { $confirmed }）。
figures-month = { $month }：收集 { $collected }，当场解决 { $spot }，认领 { $claimed }，解决 { $resolved }
figures-team = { $team }：认领 { $claimed }，解决 { $resolved }
board-wish-posted = 心愿已发布；由工作人员放上需求榜
board-posted = 已发布
board-claimants = ，认领人：{ $names }
board-line = { $id }  [{ $status }] { $title }{ $building }{ $claimed }
board-building = （{ $building }号楼）

## 通知（cmd/notice.rs）
notices-none = 没有通知。
notice-reads = { $households } 户中已有 { $read } 户读过（{ $members } 人）。
notice-withdrawn = 已撤回
notice-pinned = [置顶]

## 议事与投票（cmd/proposal.rs）
proposals-none = 没有议题。
proposal-rules = { $ballot } 投票，{ $electorate }，法定人数 { $quorum }%，通过门槛 { $threshold }；投票时间 { $opens } 至 { $closes }
proposal-attachment = 附件 { $name }
receipt-counted = （已计入）
receipt-not-counted = （不在封存的选票中：您家后来的一张选票被计入）
proposal-receipt = 您的无记名选票回执：{ $receipt }{ $counted }
proposal-said = 已发言
proposal-closed = 已结束；中继收到后投票即截止
proposal-voted = 已投票：{ $choices }
proposal-proposed = 已提出议题
proposal-line = { $id }  [{ $status }] { $title } — 名册 { $roll } 户，{ $ballots } 张选票
tally-open = 投票进行中；目前
tally-passed = 通过
tally-no-quorum = 未通过：未达法定人数
tally-not-passed = 未通过
tally = { $verdict }：{ $counts }；投票率 { $voted }/{ $electorate }（{ $pct }%）

## 上报（cmd/report.rs）
report-needs-text = 请用 --text 说明哪里有问题
report-sent = 已上报给网格员
reports-none = 没有上报。
report-step = { $when } { $step }，由 { $by }
report-photo = 照片 { $hash }
report-assigned = 已指派
report-fixed = 已报修好
report-checked = 已验收
report-closed = 已结案
cannot-write = 无法写入 { $path }：{ $why }
photo-written = 已把 { $bytes } 字节写入 { $path }。

## 网格员：住户、走访、需求（cmd/grid.rs）
households-none = 没有住户。
household-line = { $id }  { $building }号楼 { $unit }室  { $tier }  { $residents }  { $needs } 项未解决需求
household-title = { $id }
    { $building }号楼 { $unit }室（{ $tier }）
household-visit = 走访 { $id } { $when } { $outcome }，由 { $by }
household-need = 需求 { $id } [{ $status }] { $text }
voter-unlinked = 已取消关联
voter-linked = 已关联；由其代表本户投票
household-added = 已登记住户；{ $note }。
visits-none = 没有走访记录。
due-none = 目前没有需要走访的住户。
due-line = { $building }号楼 { $unit }室  { $tier }  { $id }
visit-edit-nothing = 请说明要改什么：--note、--outcome 或 --follow-up
visit-edited = 已修改走访记录；{ $note }。
visit-never-edited = 从未修改过。
visit-edit = { $by } 于 { $when } 把 { $field } 从 { $old } 改为 { $new }
coverage-line = { $building }号楼：本轮已走访 { $visited }/{ $total }
follow-ups-none = 没有待回访。
visit-logged = 已记录走访；{ $note }。
photo-unreadable = 无法读取照片 { $path }
photo-empty = 照片 { $path } 是空的
photo-too-big = 照片 { $path } 有 { $bytes } 字节；附件最多 { $most } 字节
needs-none = 没有需求。
need-line = { $id }  [{ $status }] { $text }{ $due }
need-due = （{ $date } 前）
need-assign-who = 请说明指派给谁：--member 成员编号 或 --team 服务队
need-assigned = 已指派需求
need-resolved = 已解决需求
done-note = { $done }；{ $note }。
visit-line = { $id }  { $when }  { $household }  { $outcome }，由 { $by }{ $back }{ $note }
visit-back-on = ，{ $date } 回访
gps-bad = --gps 的格式是“纬度,经度”（度），例如 31.23,121.47

## 邻里直连、桌面、本设备（cmd/peer.rs、cmd/dashboard.rs、home.rs）
peer-a-neighbour = 一位邻居
peer-synced = 已与 { $who } 的手机同步：收到 { $docs } 项内容的 { $received } 项改动，发出 { $sent } 项改动
peer-withheld = ；{ $count } 项等待中继（从它来的内容不会转发）
peer-refused-from = 拒收对方的：{ $doc }：{ $reason }。
peer-refused-by = 对方拒收：{ $doc }：{ $reason }。
peer-cannot-listen = 无法在 { $host }:{ $port } 监听
peer-phone-refused = 一位邻居的手机被拒绝：{ $why }
peer-stopped = 已停止监听；共服务 { $count } 次会话。
peer-none = 这个网络上没有正在监听的近邻手机。
dashboard-approved = 桌面已用您的身份登录。离开时请在那里退出；停用这部手机也会让它退出。
home-unregistered = 本设备还没有在中继注册：请运行 `jinlin register --relay URL --name 姓名`
cannot-create = 无法创建 { $path }
home-none = 没有主目录：请用 --home 目录，或设置 JINLIN_HOME

## 编号（ids.rs）
what-request = 求助
what-group = 群组
what-member = 成员
what-pairing = 结对
what-team = 服务队
what-menu-item = 服务项目
what-board-need = 需求榜上的需求
what-need = 需求
what-report = 上报
what-household = 住户
what-notice = 通知
what-proposal = 议题
what-visit = 走访
what-order = 服务单
id-not-an-id = { $text } 不是{ $what }编号（请给出编号，或至少前 { $least } 个字符）
id-none = 本设备上没有以 { $prefix } 开头的{ $what }
id-several = 有 { $count } 个{ $what }以 { $prefix } 开头；请多给几个字符
member-signed-up = 已报名
member-about = { $group }的{ $role }{ $building }
member-several = 有 { $count } 位成员叫 { $name }：{ $list }；请改用编号的开头
member-unknown = 这里没有叫 { $name } 的成员，也没有以它开头的编号（`jinlin group members 群组` 可列出成员）
named-none = 这里没有叫 { $name } 的{ $what }，也没有以它开头的编号
named-several = 本群组有多个{ $what }与 { $name } 相符；请多给几个编号字符

## 演示：送医的故事（cmd/demo.rs）
demo-confirmed = { $name } ✓ 已确认
demo-standby = { $name } … 候补
demo-tentative = { $name } ? 待定
demo-nobody-yet = 还没有人
demo-list-separator = ，
demo-phone-of = { $name } 的手机：
demo-relay = 中继在 { $url } 运行，数据放在一个临时文件夹里。
demo-register = 四部手机注册：社区办公室的孙女士、王奶奶（3号楼1202室）、住在她楼下两层、会开车的陈先生，以及小区另一头5号楼的司机周先生。
demo-groups = 孙女士建立“莲花社区”，下设东苑小区和其中的3号楼、5号楼，并发出邀请码（王奶奶的是 { $code }）；每个人加入自己的楼栋。
demo-raise = 晚上11点，王奶奶家里没有信号。她按下“送我去医院”：求助立刻保存在她的手机上，等待发出。
demo-sent = 她走到楼道里，手机有了信号，把求助发了出去。
demo-alerted = 不到一秒，陈先生的手机就响了（同一栋楼），周先生的也响了：小区里最近的司机也会收到通知，尽管5号楼平时看不到3号楼的求助。没有人需要反复刷新。
demo-car-park = 两人都跑下地下车库，没有信号，都按下了“我来开车”。周先生早按了一点点。
demo-tentative-both = 仍然离线时，每部手机都把自己的报名显示为待定：陈先生的是 { $chen }，周先生的是 { $zhou }。
demo-ramp = 陈先生先开上坡道，他的手机先连上中继；周先生的几秒后才连上。
demo-agree = 每部手机都一致：先到中继的人开车，另一位候补。没有人被重复安排；周先生虽然来自另一栋楼，因为报了名，仍然能看到这次送医。
demo-withdraw = 陈先生的车发动不了。他退出了。
demo-moves-up = 第一位候补的周先生，在每部手机上都递补上来。
demo-done = 周先生把她送到医院，并标记送医完成；王奶奶道了谢。每部手机都显示已完成，包括5号楼周先生的手机，也都能看到她的感谢。
demo-end = 这就是近邻：一切都能离线进行，重新连上后每部手机的结果都一致。

## 演示：夜里的紧急求助（cmd/demo_urgent.rs）
urgent-cast = 莲花社区：办公室的孙女士（今晚不值班）；东苑小区的3号楼（Lin、Li、Wu）和5号楼（会开车的 Chen 和 Zhou，还有 Ma）；He 住在社区别处，也会开车。
urgent-live = 每部手机都在后台开着应用：与中继保持实时连接。
urgent-raise = 23:30。怀孕六个月、独自在家的 Lin 喘不过气来。她按下“送我去医院”，请两个人来：一位开车，一位陪着她。
urgent-wave1 = 第 1 轮，她按下后 { $ms } 毫秒：她那栋楼（Li、Wu）和小区里最近的司机（Chen、Zhou）。Ma 和 He 没有被吵醒。
urgent-her-phone = 她的手机显示：{ $receipts }
urgent-wave2 = 三十秒过去（夜里每轮等 30 秒，不是 60 秒），还没人确认：第 2 轮扩大到整个小区，Ma 的手机响了。
urgent-decline = Chen 的车在修理厂：他谢绝了，通知立刻转给下一位能联系上的最近的人（小区里已经没有别人，于是到社区，那里有工作人员值班）：{ $next }。
urgent-confirm = Li 跑下楼梯，Zhou 去取车：两人都确认了。
urgent-stood-down = 已有两人赶来：{ $told } 收到“不用来了”，回去睡觉。
urgent-end = 不到一秒就通知了四位邻居，范围逐步扩大直到人手足够，也没有人在车库里白等。

## 演示：每日报平安（cmd/demo_checkin.rs）
checkin-demo-cast = 莲花社区：高是这里的网格员。年近八十的王奶奶独自住在3号楼1202室；Li 住在她楼下，Chen 住在5号楼。
checkin-demo-paired = 高为她结对：第一位是 Li，第二位是 Chen；她和两位邻居都接受了。她每天10:00前报一声“我很好”；宽限半小时，之后通知邻居。
checkin-demo-missed = 10:30，她今天还没有消息。中继按自己的时钟响起 Li 的手机：“王奶奶今天还没有报平安：请去3号楼1202室敲门看看”。其他人都没有被打扰。
checkin-demo-widens = Li 在上班，手机锁在柜子里。十五分钟没有回应：Chen 的手机响了。
checkin-demo-coming = Chen 点了“我这就去”，穿过院子去3号楼。
checkin-demo-fine = 她开了门：原来开着收音机，忘了报平安。Chen 点了“她没事”；已记录，Li 的手机也显示警报结束。
checkin-demo-not-delivered = 未送达
checkin-demo-who = 王奶奶在自己的手机上能看到谁收到了关于她的通知：{ $names }。楼里其他人从来看不到她的报平安时间。

## 演示：服务目录与需求榜（cmd/demo_community.rs）
community-demo-team = 莲花社区有个老小区，没有物业公司。社区办公室的孙女士成立了一支物业服务队“物业小分队”，由 Chen 带队，Zhou 也在队里。
community-demo-menu = 她在社区的服务目录上发布“修理漏水龙头 — 每次 ¥15.00”；Chen 作为队长把 Zhou 加进队里。
community-demo-order = 王奶奶在手机上下单：周六上午，“厨房水龙头整夜滴水”。她的手机显示：已下单。
community-demo-dispatch = 孙女士把单派给物业小分队。王奶奶的手机：已派单。
community-demo-basement = Chen 和 Zhou 都在地下锅炉房，没有信号；两人都按了“我来接”。
community-demo-first = 上楼时 Zhou 的手机先连上中继：每部手机上都是 Zhou 接单，Chen 候补。王奶奶的手机：已接单，由 Zhou。
community-demo-rated = Zhou 修好龙头并标记完成；王奶奶打了5星。孙女士看到物业小分队得分 5.0（1 个评分），Zhou 的手机记下帮助了一位邻居。
community-demo-menu-end = 这就是服务目录：居民下单，社区派单，服务队接单，每部手机结果一致。
community-demo-board = 一周后，王奶奶上报她家楼道的水管漏水。孙女士把它放上社区的需求榜，谁都可以认领。
community-demo-claim = Chen 和 Zhou 又在地下室，都在没有信号时认领了它。
community-demo-claimed = 这次 Chen 的手机先连上中继：每部手机上都是 Chen 认领，Zhou 收到自己候补的消息。
community-demo-resolved = Chen 修好并标记已解决；孙女士确认；王奶奶打了5星。需求榜的统计：收集、认领、解决各 1 项。

## 演示：电梯议事投票（cmd/demo_vote.rs）
vote-demo-households = 东苑小区的三部电梯已用了25年。孙女士登记小区的住户，并关联每户住的人：王奶奶在3-1202，Chen 在5-101，Zhou 在5-301。
vote-demo-proposal = 她向全小区提出“更换三部电梯”：一户一票，法定人数为半数住户，三分之二通过；讨论一天，然后投票两天。王奶奶问新电梯是不是每层都停。
vote-demo-voting = 投票开始。王奶奶在家投了赞成。Chen 在地下锅炉房，Zhou 在穿山的火车上，都在没有信号时投票：Chen 赞成，Zhou 反对。
vote-demo-chen = Chen 走上楼梯；他的选票在截止前送到了中继。
vote-demo-late = 投票截止。三小时后 Zhou 的火车驶出山区；中继拒收他的选票，他的手机显示原因：“{ $reason }”。
vote-demo-result = 每部手机算出同样的结果：赞成 { $yes }，反对 { $no }；{ $electorate } 户中 { $voted } 户投票（{ $pct }%）；达到三分之二：通过。

## 其他输入错误（cmd/me.rs、cmd/request.rs、duration.rs、mdns.rs）
me-quiet-bad = 免打扰时段的格式是 22:00-07:00（或 `off`）
me-home-bad = 住址的格式是“纬度,经度”，例如 24.4798,118.0894（或 `off`）
me-push-bad = 推送方式有 fcm、apns、huawei、xiaomi 和 webhook
raise-no-group = 本设备还不在任何群组里：请先创建或加入一个
raise-no-closest = 本设备在好几个群组里，没有一个是最近的：请用 --group 群组编号 指明
raise-which-group = 本设备在好几个群组里：请用 --group 群组编号 指明
raise-where = 请说明邻居在哪里：--building 楼栋（以及 --unit 房号）
raise-at-bad = --at 的格式是“纬度,经度”，例如 24.4798,118.0894
no-identity = 本设备没有身份
duration-bad = { $text } 不是一段时长；请写成 30m、24h 或 7d 这样
mdns-unavailable = 这里无法使用 mDNS
mdns-announcing = 正在广播这部手机
mdns-looking = 正在寻找手机
