//! The table of refusals: every reason a write rule or the relay gives, with its stable code and
//! its sentence in English (exactly the text on the wire) and in Simplified Chinese (plain words
//! for the residents and staff who read it: 您, 求助, 需求榜, 服务队, 服务单, 上报, 议题, 楼栋长,
//! 网格员; the relay is 服务器). Grouped as the rules are: every kind, then one section per
//! document kind, then the model's checks of what is typed or chosen (`Error::InvalidInput`),
//! then the relay's own checks and the phone's.

use super::refusals;

refusals! {
    // ---- every document kind (docs/guard.rs, docs/rating.rs) ----
    ChangesDoNotApply "changes_do_not_apply" {
        en: "changes do not apply: {}",
        zh: "这些改动无法接到现有内容上：{}",
    }
    TextTooLong "text_too_long" {
        en: "a text longer than {} characters is not stored",
        zh: "文字超过 {} 个字，不能保存",
    }
    CreatedInOwnName "created_in_own_name" {
        en: "a document is created in the name of its author only",
        zh: "只能以您本人的名义新建",
    }
    RatedOnce "rated_once" {
        en: "help is rated once",
        zh: "每次帮助只能评价一次",
    }
    RatingStars "rating_stars" {
        en: "a rating is 1 to 5 stars, in its author's name",
        zh: "评价是 1 到 5 颗星，并以评价人本人的名义写下",
    }

    // ---- requests (docs/request/rules.rs) ----
    RequestOwnName "request.own_name" {
        en: "a request is raised in the name of its author only",
        zh: "求助只能以求助人本人的名义发出",
    }
    RequestNewNoOrder "request.new_no_order" {
        en: "a new request carries no relay order and no picks",
        zh: "新发出的求助不能带有服务器的排号，也不能已经选定志愿者",
    }
    RequestNewNoSignup "request.new_no_signup" {
        en: "a new request carries no one else's sign-up",
        zh: "新发出的求助里不能有别人的报名",
    }
    RequestOwnSignup "request.own_signup" {
        en: "a requester does not sign up for their own request",
        zh: "不能报名帮助自己发出的求助",
    }
    CommentOwnName "request.comment_own_name" {
        en: "a comment is written in its author's name",
        zh: "留言只能以留言人本人的名义写",
    }
    RequestFixed "request.fixed" {
        en: "who asked, and where, never change",
        zh: "求助人和求助地点发出后不能更改",
    }
    RequestRelayNumbers "request.relay_numbers" {
        en: "only the relay numbers sign-ups",
        zh: "报名的先后顺序只能由服务器排定",
    }
    RequestPicks "request.picks" {
        en: "only the requester picks volunteers",
        zh: "只有求助人本人才能选定志愿者",
    }
    RequestCancels "request.cancels" {
        en: "only the requester cancels",
        zh: "只有求助人本人才能取消求助",
    }
    RequestAddsTo "request.adds_to" {
        en: "only the requester adds to a request",
        zh: "只有求助人本人才能补充求助的内容",
    }
    RequestEdits "request.edits" {
        en: "only the requester edits a request",
        zh: "只有求助人本人才能修改求助",
    }
    SignupsNotReplaced "request.signups_not_replaced" {
        en: "the sign-up list is not replaced",
        zh: "报名名单不能整个替换",
    }
    CommentNotChanged "request.comment_not_changed" {
        en: "a comment is written in its author's name and never changed by others",
        zh: "留言只能以本人的名义写，别人不能修改",
    }
    RequestRates "request.rates" {
        en: "only the one who asked rates the help",
        zh: "只有求助人本人才能评价这次帮助",
    }
    RequestRatedWhenDone "request.rated_when_done" {
        en: "help is rated after it is done",
        zh: "帮助完成以后才能评价",
    }
    RequestVoice "request.voice" {
        en: "only the one who asked records a voice note",
        zh: "只有求助人本人才能录语音",
    }
    RequestMovesOn "request.moves_on" {
        en: "only a confirmed volunteer or the requester moves a request on",
        zh: "只有已确认的志愿者或求助人本人才能更新求助的进度",
    }
    OwnSignupOnly "request.own_signup_only" {
        en: "a member writes only their own sign-up",
        zh: "每人只能写自己的报名",
    }

    // ---- groups (docs/group/rules.rs; the relay's checks of a new group) ----
    GroupNew "group.new" {
        en: "a new group has its creator as its only member, as staff",
        zh: "新建的群组里只能有建立者一人，身份是社区工作人员",
    }
    GroupFixed "group.fixed" {
        en: "a group's identity never changes",
        zh: "群组的基本信息建立后不能更改",
    }
    LeaderBuilding "group.leader_building" {
        en: "a building leader's building is set by staff",
        zh: "楼栋长负责哪一栋楼，由社区工作人员设定",
    }
    OwnEntry "group.own_entry" {
        en: "a member edits only their own entry, and never their role",
        zh: "成员只能修改自己的资料，不能改自己的角色",
    }
    StaffChangeGroup "group.staff_only" {
        en: "only staff change a group",
        zh: "只有社区工作人员才能修改群组",
    }
    StaffOfParent "group.staff_of_parent" {
        en: "only staff of the parent group create groups inside it",
        zh: "只有上一级群组的社区工作人员，才能在其中新建群组",
    }
    GroupInside "group.inside" {
        en: "a {} cannot sit inside a {}",
        zh: "{1}里面不能再建{0}",
    }
    GroupsPerDay "group.per_day" {
        en: "this device has created as many groups today as it may ({}); try again tomorrow",
        zh: "本设备今天新建的群组已达上限（{} 个），请明天再试",
    }
    GroupInvalid "group.invalid" {
        en: "not a valid group document",
        zh: "这不是有效的群组内容",
    }

    // ---- households (docs/household/rules.rs) ----
    EntryOwnName "household.entry_own_name" {
        en: "an entry is written in its author's name only",
        zh: "记录只能以记录人本人的名义写",
    }
    HouseholdFixed "household.fixed" {
        en: "a household's identity never changes",
        zh: "住户的基本信息登记后不能更改",
    }
    HouseholdWhoFixed "household.who_fixed" {
        en: "who logged a visit, made an edit or raised a need never changes",
        zh: "走访、修改和需求是谁记下的，记下后不能更改",
    }
    EditOwnName "household.edit_own_name" {
        en: "an edit is recorded in its author's name only",
        zh: "修改只能以修改人本人的名义记录",
    }
    LeaderMovesHousehold "household.leader_moves" {
        en: "a building leader keeps the households of their own building and cannot move one to another building; ask a grid worker or staff",
        zh: "楼栋长只管理本楼的住户，不能把住户移到别的楼；请找网格员或社区工作人员",
    }

    // ---- the needs board (docs/need/rules.rs) ----
    NeedOwnName "need.own_name" {
        en: "a need is posted in the name of its author only",
        zh: "需求只能以发布人本人的名义发布",
    }
    NeedNewBare "need.new_bare" {
        en: "a new need carries no claim, relay order, progress or rating",
        zh: "新发布的需求不能带有认领、服务器的排号、进展或评价",
    }
    NeedNewNotWithdrawn "need.new_not_withdrawn" {
        en: "a new need is not withdrawn",
        zh: "新发布的需求不能是已撤下的",
    }
    NeedStaffOrWish "need.staff_or_wish" {
        en: "only staff put a need on the board; a resident posts a small wish",
        zh: "只有社区工作人员才能把需求放上需求榜；居民可以发布微心愿",
    }
    WishOwn "need.wish_own" {
        en: "a small wish is posted by the resident who wishes it",
        zh: "微心愿只能由许愿的居民本人发布",
    }
    NeedNewResolved "need.new_resolved" {
        en: "a new need is resolved only when it was fixed on the spot",
        zh: "新记下的需求只有当场解决了，才能标为已解决",
    }
    NeedFixed "need.fixed" {
        en: "where a need came from, and who asked, never changes",
        zh: "需求的来源和提出人不能更改",
    }
    NeedEdits "need.edits" {
        en: "only staff edit a need on the board",
        zh: "只有社区工作人员才能修改需求榜上的需求",
    }
    NeedNotReplaced "need.not_replaced" {
        en: "a need's claims, progress and rating are not replaced",
        zh: "需求的认领、进展和评价不能整个替换",
    }
    NeedRelayNumbers "need.relay_numbers" {
        en: "only the relay numbers claims",
        zh: "认领的先后顺序只能由服务器排定",
    }
    NeedLists "need.lists" {
        en: "only staff put a need on the board",
        zh: "只有社区工作人员才能把需求放上需求榜",
    }
    NeedListedOnce "need.listed_once" {
        en: "a need is put on the board once",
        zh: "需求只能放上需求榜一次",
    }
    NeedProgress "need.progress" {
        en: "only a claimant whose claim stands notes progress on a claimed need",
        zh: "只有认领仍然有效的认领人，才能记下需求的进展",
    }
    NeedResolves "need.resolves" {
        en: "only a claimant whose claim stands resolves a need",
        zh: "只有认领仍然有效的认领人，才能把需求标为已解决",
    }
    NeedResolvedOnceClaimed "need.resolved_once_claimed" {
        en: "a need is resolved once claimed",
        zh: "需求要先有人认领，才能标为已解决",
    }
    NeedConfirms "need.confirms" {
        en: "only staff confirm a need is resolved",
        zh: "只有社区工作人员才能确认需求已经解决",
    }
    NeedConfirmedOnceResolved "need.confirmed_once_resolved" {
        en: "a need is confirmed once resolved",
        zh: "需求要先标为已解决，才能确认",
    }
    NeedWithdraws "need.withdraws" {
        en: "only staff take a need off the board",
        zh: "只有社区工作人员才能把需求从需求榜上撤下",
    }
    NeedWithdrawnBeforeResolved "need.withdrawn_before_resolved" {
        en: "a need is taken off the board only before it is resolved",
        zh: "需求解决以后，就不能再从需求榜上撤下",
    }
    NeedRates "need.rates" {
        en: "only the one who asked rates a need",
        zh: "只有提出需求的人才能评价",
    }
    NeedRatedWhenConfirmed "need.rated_when_confirmed" {
        en: "a need is rated after staff confirmed it is done",
        zh: "社区工作人员确认完成以后，才能评价",
    }
    StepNamesMember "need.step_names_member" {
        en: "a step names the member who took it",
        zh: "每一步都要写明是谁做的",
    }
    NeedStepsKept "need.steps_kept" {
        en: "a need's steps are never removed",
        zh: "需求的处理记录不能删除",
    }
    NeedClaimedOnBoard "need.claimed_on_board" {
        en: "a need is claimed only while it is on the board",
        zh: "需求在需求榜上时才能认领",
    }
    ClaimTeam "need.claim_team" {
        en: "a claim's team is written with the claim",
        zh: "代表哪支服务队认领，要在认领时一起写明",
    }
    ClaimForTeam "need.claim_for_team" {
        en: "a need is claimed for a team only by a member of it",
        zh: "只有服务队的队员才能代表这支服务队认领",
    }
    ProgressNoteFixed "need.progress_note_fixed" {
        en: "a progress note is written once and never changed",
        zh: "进展记录写下以后不能修改",
    }

    // ---- notices (docs/notice/rules.rs) ----
    NoticeOwnName "notice.own_name" {
        en: "a notice is posted in the name of its author only",
        zh: "通知只能以发布人本人的名义发布",
    }
    NoticeNewUnread "notice.new_unread" {
        en: "a new notice has been read by nobody",
        zh: "新发布的通知不能带有已读记录",
    }
    NoticePosters "notice.posters" {
        en: "only staff and building leaders post notices",
        zh: "只有社区工作人员和楼栋长才能发布通知",
    }
    NoticeFixed "notice.fixed" {
        en: "who posted a notice, where and when, never changes",
        zh: "通知的发布人、发布范围和时间都不能更改",
    }
    NoticeEdits "notice.edits" {
        en: "only who posted a notice, or staff, changes it",
        zh: "只有通知的发布人或社区工作人员才能修改通知",
    }
    NoticeReadsNotReplaced "notice.reads_not_replaced" {
        en: "a notice's reads are not replaced",
        zh: "通知的已读记录不能整个替换",
    }
    OwnRead "notice.own_read" {
        en: "a member records only their own read",
        zh: "每人只能记下自己已读",
    }
    ReadKept "notice.read_kept" {
        en: "a read is recorded once and never removed",
        zh: "已读只记一次，记下以后不能删除",
    }

    // ---- orders (docs/order/rules.rs) ----
    OrderOwnName "order.own_name" {
        en: "an order is placed in the name of its author only",
        zh: "服务单只能以下单人本人的名义下",
    }
    OrderNewBare "order.new_bare" {
        en: "a new order carries no acceptance, relay order or rating",
        zh: "新下的服务单不能带有接单、服务器的排号或评价",
    }
    OrderNewOpen "order.new_open" {
        en: "a new order is neither done nor cancelled",
        zh: "新下的服务单不能是已完成或已取消的",
    }
    OrderNewDirect "order.new_direct" {
        en: "a new order is dispatched only to its item's own team, when that team takes orders directly",
        zh: "新下的服务单只能直接派给这项服务所属的服务队，而且这支服务队要接受直接下单",
    }
    OrderOnMenu "order.on_menu" {
        en: "an order is for an item on its group's menu, as the menu states it",
        zh: "服务单只能点服务目录里的项目，内容要和服务目录上的一致",
    }
    OrderFixed "order.fixed" {
        en: "what was ordered, and by whom, never changes",
        zh: "点了什么、由谁下单，都不能更改",
    }
    OrderEdits "order.edits" {
        en: "only the resident who ordered edits an order",
        zh: "只有下单的居民本人才能修改服务单",
    }
    OrderNotReplaced "order.not_replaced" {
        en: "an order's dispatches, acceptances and rating are not replaced",
        zh: "服务单的派单、接单和评价记录不能整个替换",
    }
    OrderRelayNumbers "order.relay_numbers" {
        en: "only the relay numbers acceptances",
        zh: "接单的先后顺序只能由服务器排定",
    }
    OrderCancelBeforeAccepted "order.cancel_before_accepted" {
        en: "an order is cancelled only before a team member accepts it",
        zh: "服务单要在队员接单以前才能取消",
    }
    OrderCancels "order.cancels" {
        en: "only the resident who ordered cancels an order",
        zh: "只有下单的居民本人才能取消服务单",
    }
    OrderMarksDone "order.marks_done" {
        en: "only the team member who accepted an order, or staff, marks it done",
        zh: "只有接单的队员或社区工作人员，才能把服务单标为已完成",
    }
    OrderRates "order.rates" {
        en: "only the resident who ordered rates an order",
        zh: "只有下单的居民本人才能评价服务单",
    }
    OrderRatedWhenDone "order.rated_when_done" {
        en: "an order is rated after it is done",
        zh: "服务单完成以后才能评价",
    }
    OrderDispatchers "order.dispatchers" {
        en: "only staff dispatch orders",
        zh: "只有社区工作人员才能派单",
    }
    DispatchOnce "order.dispatch_once" {
        en: "a dispatch is written once, by the staff member it names, to a team of the group",
        zh: "派单只写一次，由写明的社区工作人员本人派给本群组的服务队",
    }
    DispatchDeclinedByTeam "order.dispatch_declined_by_team" {
        en: "a dispatch is declined by a member of its team",
        zh: "派单只能由接到派单的服务队的队员谢绝",
    }
    OrderDeclines "order.declines" {
        en: "only a member of the team it is dispatched to declines an order",
        zh: "只有接到派单的服务队的队员，才能谢绝服务单",
    }
    OrderTaken "order.taken" {
        en: "another team member has accepted this order",
        zh: "这张服务单已经由另一位队员接了",
    }
    DeclineNamed "order.decline_named" {
        en: "a decline names who declined",
        zh: "谢绝时要写明是谁谢绝的",
    }
    AcceptanceAnswersItsDispatch "order.acceptance_answers_its_dispatch" {
        en: "an acceptance answers the dispatch it was made for",
        zh: "接单要对应它所回应的那一次派单",
    }
    AcceptanceAnswersDispatch "order.acceptance_answers_dispatch" {
        en: "an acceptance answers a dispatch of the order",
        zh: "接单要对应这张服务单的一次派单",
    }
    OrderAcceptedWithTeam "order.accepted_with_team" {
        en: "an order is accepted only while it is with its team",
        zh: "服务单派给服务队期间，才能接单",
    }
    OrderAccepts "order.accepts" {
        en: "only a member of the team it is dispatched to accepts an order",
        zh: "只有接到派单的服务队的队员才能接单",
    }

    // ---- proposals and votes (docs/proposal/rules.rs, docs/proposal/mod.rs; the relay) ----
    ProposalOwnName "proposal.own_name" {
        en: "a proposal is made in the name of its author only",
        zh: "议题只能以提出人本人的名义提出",
    }
    ProposalNewBare "proposal.new_bare" {
        en: "a new proposal carries no ballot, receipt or comment",
        zh: "新提出的议题不能带有选票、回执或发言",
    }
    ProposalNewOpen "proposal.new_open" {
        en: "a new proposal is not closed",
        zh: "新提出的议题不能是已结束的",
    }
    ProposalOptions "proposal.options" {
        en: "a proposal's options are yes/no/abstain, or 2 to 20 options",
        zh: "议题的选项是赞成、反对、弃权，或者 2 到 20 个选项",
    }
    ProposalTerms "proposal.terms" {
        en: "a proposal has a roll, a quorum of 0 to 100 percent, and closes after voting opens",
        zh: "议题要有名册，法定人数在 0% 到 100% 之间，截止时间要在投票开始以后",
    }
    ProposalFixed "proposal.fixed" {
        en: "a vote's terms are fixed once it is proposed",
        zh: "议题提出以后，投票规则不能更改",
    }
    ProposalEdits "proposal.edits" {
        en: "only its author edits a proposal",
        zh: "只有提出人本人才能修改议题",
    }
    ProposalNotReplaced "proposal.not_replaced" {
        en: "a proposal's discussion and ballots are not replaced",
        zh: "议题的讨论和选票不能整个替换",
    }
    ProposalRelayStamps "proposal.relay_stamps" {
        en: "only the relay stamps receipt times",
        zh: "收到选票的时间只能由服务器记下",
    }
    CloseEarly "proposal.close_early" {
        en: "only staff close a vote early, and only when the proposal allows it",
        zh: "只有社区工作人员才能提前结束投票，而且议题要允许提前结束",
    }
    VoteClosed "proposal.vote_closed" {
        en: "the vote is already closed",
        zh: "投票已经结束了",
    }
    CloseNamed "proposal.close_named" {
        en: "an early close names who closed it",
        zh: "提前结束投票，要写明是谁结束的",
    }
    BallotFixed "proposal.ballot_fixed" {
        en: "a ballot is never changed: cast a new one",
        zh: "选票投出以后不能修改；想改的话，请重新投一张",
    }
    SecretBallot "proposal.secret_ballot" {
        en: "a secret ballot goes to the relay alone, never into the proposal",
        zh: "无记名投票的选票只交给服务器，不写进议题里",
    }
    BallotReadable "proposal.ballot_readable" {
        en: "a ballot must leave a readable proposal",
        zh: "投票以后，议题必须仍然能正常读取",
    }
    BallotNames "proposal.ballot_names" {
        en: "a ballot names its voter and unit",
        zh: "选票要写明投票人和代表的住户",
    }
    BallotOwnName "proposal.ballot_own_name" {
        en: "a ballot is cast in its voter's own name",
        zh: "选票只能以投票人本人的名义投",
    }
    BallotOwnHousehold "proposal.ballot_own_household" {
        en: "a member casts the ballot of their own household only (or their own, if they are on the roll)",
        zh: "您只能替自己家投票（如果名册上是您本人，就为自己投票）",
    }
    ClosedEarly "proposal.closed_early" {
        en: "the vote was closed early; this ballot reached the relay after the close and is not counted",
        zh: "投票已经提前结束；这张选票在结束以后才送到服务器，不计入结果",
    }
    ClosedAt "proposal.closed_at" {
        en: "the vote closed at {} (relay time); this ballot reached the relay at {}, after the close, and is not counted",
        zh: "投票已在 {} 截止（以服务器时间为准）；这张选票 {} 才送到服务器，晚于截止时间，不计入结果",
    }
    OpensAt "proposal.opens_at" {
        en: "voting opens at {} (relay time); this ballot reached the relay before then",
        zh: "投票在 {} 才开始（以服务器时间为准）；这张选票送到服务器时，投票还没有开始",
    }
    ChoiceOnce "proposal.choice_once" {
        en: "a ballot chooses an option once",
        zh: "同一个选项只能选一次",
    }
    OptionCount "proposal.option_count" {
        en: "this proposal has {} options",
        zh: "这个议题只有 {} 个选项",
    }
    ChooseSeveral "proposal.choose_several" {
        en: "choose 1 to {} options",
        zh: "请选 1 到 {} 个选项",
    }
    ChooseOne "proposal.choose_one" {
        en: "choose exactly one option",
        zh: "请只选一个选项",
    }
    Propose "proposal.who_proposes" {
        en: "only staff, and a building's leader in their own building, put a proposal to a vote",
        zh: "只有社区工作人员，以及楼栋长在本楼内，才能提出议题交付投票",
    }

    // ---- photo reports (docs/report/rules.rs) ----
    ReportStepOwnName "report.step_own_name" {
        en: "a report step is taken in its author's name only",
        zh: "上报的处理步骤只能以本人的名义记下",
    }
    ReportStepKinds "report.step_kinds" {
        en: "a report step is assigned, fixed, checked or closed",
        zh: "上报的处理步骤只有指派、修好、验收、结案四种",
    }
    ReportMovers "report.movers" {
        en: "only grid workers, staff, the building's leader or the assignee move a report on",
        zh: "只有网格员、社区工作人员、本楼的楼栋长或被指派的人，才能推进上报的处理",
    }
    ReportInOrder "report.in_order" {
        en: "a report moves on in order: assigned, fixed, checked, closed",
        zh: "上报要按顺序处理：指派、修好、验收、结案",
    }
    ReportStepAhead "report.step_ahead" {
        en: "a report step is dated more than a day ahead of the relay's clock",
        zh: "这一步记下的时间比服务器的时间快了一天以上；请检查手机的日期和时间",
    }
    ReportStepTime "report.step_time" {
        en: "a report step carries the time it was taken",
        zh: "每一步都要记下处理的时间",
    }
    ReportFixed "report.fixed" {
        en: "who reported, and where, never change",
        zh: "上报人和上报地点不能更改",
    }
    ReportEdits "report.edits" {
        en: "only the reporter edits a report",
        zh: "只有上报人本人才能修改上报",
    }
    ReportStepsAdded "report.steps_added" {
        en: "a report's steps are only ever added to",
        zh: "上报的处理步骤只能添加，不能修改或删除",
    }

    // ---- what is typed or chosen, checked before anything is written (the model's InvalidInput):
    // dates, time zones, places, photos, invite codes (dates.rs, zone.rs, validate.rs, photo.rs,
    // invite_code.rs) ----
    DateForm "date.format" {
        en: "{} is not a date; write it as YYYY-MM-DD",
        zh: "{} 不是有效的日期；请写成 年-月-日 的格式，例如 2026-05-01",
    }
    TimeZoneUnknown "zone.unknown" {
        en: "{} is not a time zone; name one like Asia/Shanghai or America/New_York",
        zh: "{} 不是时区的名称；请写成 Asia/Shanghai（北京时间）或 America/New_York 这样的名称",
    }
    Coordinates "place.coordinates" {
        en: "coordinates need both latitude (-90..90) and longitude (-180..180)",
        zh: "位置要同时有纬度（-90 到 90）和经度（-180 到 180）",
    }
    BlobName "photo.blob_name" {
        en: "a blob is named by the lowercase hex SHA-256 of its bytes",
        zh: "附件的名称应是其内容的 SHA-256 校验值（小写十六进制数字）",
    }
    PhotoName "photo.content_hash" {
        en: "a photo is named by its SHA-256 content hash",
        zh: "照片的名称应是其内容的 SHA-256 校验值",
    }
    InviteCodeForm "invite.code_form" {
        en: "an invite code is 10 letters and digits (2-9 and A-Z without I, L and O), like ABCDE-FGHJK",
        zh: "邀请码是 10 位字母和数字（2 到 9，以及除 I、L、O 以外的 A 到 Z），例如 ABCDE-FGHJK",
    }

    // ---- check-in pairings (checkin/pairing.rs) ----
    DeadlineForm "pairing.deadline_format" {
        en: "a deadline is a time of day, HH:MM, like 10:00",
        zh: "报平安的截止时间是每天的一个时刻，写成 时:分，例如 10:00",
    }
    GraceMax "pairing.grace" {
        en: "the grace after the deadline is at most {} minutes",
        zh: "截止时间过后，最多只能再宽限 {} 分钟",
    }
    WaitRange "pairing.wait" {
        en: "each neighbour has 1 to {} minutes to answer",
        zh: "留给每位邻居回应的时间要在 1 到 {} 分钟之间",
    }
    PairingWhoChecksIn "pairing.who_checks_in" {
        en: "a pairing needs the person's own phone or a proxy phone that checks in for them",
        zh: "结对要有本人的手机，或者一部替本人报平安的代办人手机",
    }
    ProxyOtherPhone "pairing.proxy_other_phone" {
        en: "the proxy is another phone than the person's",
        zh: "代办人的手机不能是本人的手机",
    }
    NeighbourCount "pairing.neighbour_count" {
        en: "a person is paired with 1 to {} neighbours, not {}",
        zh: "每人要和 1 到 {0} 位邻居结对，不能是 {1} 位",
    }
    NotOwnNeighbour "pairing.not_own_neighbour" {
        en: "a person is not their own paired neighbour",
        zh: "本人不能做自己的结对邻居",
    }
    NeighbourOnce "pairing.neighbour_once" {
        en: "each paired neighbour is named once",
        zh: "每位结对邻居只能写一次",
    }
    TelephoneForm "pairing.phone_form" {
        en: "a telephone number is digits, spaces, +, - and brackets (at most 32)",
        zh: "电话号码只能有数字、空格、+、- 和括号（最多 32 个字符）",
    }

    // ---- ratings and voice notes (docs/rating.rs, docs/request/voice.rs, docs/request/mod.rs) ----
    RatedAlready "rating.given_once" {
        en: "this is already rated; a rating is given once",
        zh: "这里已经评价过了；只能评价一次",
    }
    StarsRange "rating.stars_range" {
        en: "a rating is 1 to 5 stars, not {}",
        zh: "评价是 1 到 5 颗星，不能是 {} 颗",
    }
    VoicePlays "voice.plays" {
        en: "a voice note plays for some time",
        zh: "语音留言要有时长，不能是 0 秒",
    }
    VoiceEmpty "voice.empty" {
        en: "a voice note must not be empty",
        zh: "语音留言不能是空的",
    }
    VoiceMalformed "voice.malformed" {
        en: "a voice note names its sound, type, length and size",
        zh: "语音留言要写明录音文件、格式、时长和大小",
    }
    SlotsFilledByHand "request.slots_filled" {
        en: "all {} slots are already filled by hand; withdraw a pick first",
        zh: "{} 个名额都已由您选好了志愿者；要换人，请先取消其中一位",
    }

    // ---- teams, the service menu and orders (docs/group/, docs/order/mod.rs) ----
    NoSuchTeam "group.no_such_team" {
        en: "no such team in this group",
        zh: "本群组没有这支服务队",
    }
    NotAMember "group.not_member" {
        en: "not a member of this group",
        zh: "此人不是本群组的成员",
    }
    TeamLeaderMember "group.team_leader_member" {
        en: "a team's leader must be a member of this group",
        zh: "服务队的队长必须是本群组的成员",
    }
    VisitInterval "group.visit_interval" {
        en: "a visit interval is 1 to 366 days, not {}",
        zh: "走访间隔要在 1 到 366 天之间，不能是 {} 天",
    }
    PriceForm "menu.price_format" {
        en: "a price is yuan with at most two decimals, like 25 or 12.50, not {}",
        zh: "价格以元为单位，最多两位小数，例如 25 或 12.50，不能是 {}",
    }
    PriceRange "menu.price_range" {
        en: "a price is 0 to {} yuan",
        zh: "价格要在 0 到 {} 元之间",
    }
    ItemOffMenu "order.item_off_menu" {
        en: "this item is no longer on the menu",
        zh: "这项服务已经从服务目录上撤下，不能再下单",
    }
    OrderWrongStatus "order.wrong_status" {
        en: "cannot {} an order that is {}",
        zh: "这张服务单现在是“{1}”，不能{0}",
    }
    NoSuchDispatch "order.no_such_dispatch" {
        en: "no such dispatch",
        zh: "没有这次派单",
    }

    // ---- households, the needs board, reports and notices (docs/household/, docs/need/,
    // docs/report/, docs/notice/) ----
    VisitOutcome "household.visit_outcome" {
        en: "a visit needs an outcome: met, not-home or refused",
        zh: "走访要写明结果：见到了（met）、不在家（not-home）或拒绝走访（refused）",
    }
    NoSuchNeedInHousehold "household.no_such_need" {
        en: "no such need in this household",
        zh: "这户住户没有这条需求",
    }
    NeedAlreadyResolved "household.need_resolved" {
        en: "this need is already resolved",
        zh: "这条需求已经解决了",
    }
    NeedWrongStatus "need.wrong_status" {
        en: "cannot {} a need that is {}",
        zh: "这条需求现在是“{1}”，不能{0}",
    }
    NotClaimed "need.not_claimed" {
        en: "you have not claimed this need",
        zh: "您没有认领这条需求",
    }
    ReportWrongStep "report.wrong_step" {
        en: "a report that is {} cannot be marked {}",
        zh: "这条上报现在是“{0}”，不能标为“{1}”",
    }
    NoticeWithdrawn "notice.withdrawn" {
        en: "this notice is already withdrawn",
        zh: "这条通知已经撤回了",
    }

    // ---- proposals and votes, as they are put and cast (docs/proposal/mod.rs, secret.rs) ----
    OptionRange "proposal.option_range" {
        en: "a {} ballot offers 2 to {} options, not {}",
        zh: "{0}投票要有 2 到 {1} 个选项，不能是 {2} 个",
    }
    ChooseRange "proposal.choose_range" {
        en: "a several-of ballot lets a voter choose 1 to {} options, not {}",
        zh: "多选投票每人可以选 1 到 {0} 项，不能是 {1} 项",
    }
    QuorumPercent "proposal.quorum" {
        en: "a quorum is a percentage, 0 to 100",
        zh: "法定人数是一个百分比，要在 0 到 100 之间",
    }
    CloseAfterOpen "proposal.close_time" {
        en: "a vote closes after it opens, and in the future",
        zh: "投票的截止时间要晚于开始时间，而且要在将来",
    }
    EmptyRoll "proposal.empty_roll" {
        en: "nobody is on the roll: link the households' members in the registry, or add members first",
        zh: "名册上没有人：请先在住户登记里关联各户的成员，或者先添加成员",
    }
    VotingNotOpen "vote.not_open" {
        en: "voting has not opened yet",
        zh: "投票还没有开始",
    }
    ClosesOnTime "proposal.closes_on_time" {
        en: "this proposal closes only at its stated time",
        zh: "这个议题只能到规定的时间结束投票，不能提前结束",
    }
    VoteSealed "vote.sealed" {
        en: "this vote is already sealed",
        zh: "这次投票已经封存了",
    }

    // ---- the relay's upload checks (server/src/sync/, server/src/grid/assignments.rs) ----
    NoSuchDocument "relay.no_such_document" {
        en: "no such document",
        zh: "找不到这项内容，或者您没有权限查看",
    }
    SavedNotAccepted "relay.saved_not_accepted" {
        en: "a saved document is not accepted in an upload; send its changes",
        zh: "服务器不接受整份上传的内容，请发送其中的改动",
    }
    NewNeedsChanges "relay.new_needs_changes" {
        en: "a new document needs its changes",
        zh: "新建的内容要连同它的改动一起发送",
    }
    InvalidChange "relay.invalid_change" {
        en: "change {} is not a valid Automerge change",
        zh: "改动 {} 无法读取，不是有效的改动",
    }
    OwnChanges "relay.own_changes" {
        en: "changes must be written by the uploading device's own member id",
        zh: "只能发送本设备的成员本人写下的改动",
    }
    StatesOtherId "relay.states_other_id" {
        en: "a new {} document states the id {}, not its own {}",
        zh: "新建的{0}写的编号是 {1}，不是它自己的编号 {2}",
    }
    NotOfGroup "relay.not_of_group" {
        en: "not a {} document of this group",
        zh: "这不是本群组的{}",
    }
    AssigneeMayNotRead "relay.assignee_may_not_read" {
        en: "the assignment names a member who may not read what is assigned",
        zh: "被指派的成员看不到指派给他的内容",
    }
    UnknownAssignee "relay.unknown_assignee" {
        en: "the assignment names a member the relay does not know",
        zh: "服务器上没有被指派的这位成员",
    }
    UnknownTeam "relay.unknown_team" {
        en: "the assignment names a team that its group and the groups above it do not have",
        zh: "本群组和上级群组都没有被指派的这支服务队",
    }

    // ---- the phone's own account of an upload (core/src/sync/incoming.rs) ----
    HistoryNotPlaced "phone.history_not_placed" {
        en: "the relay could not place the document's history",
        zh: "服务器接不上这项内容的历史记录",
    }

    // ---- the relay's refusals of calls (server/src/invites.rs, alerts/, checkin/, peer.rs) ----
    CannotInvite "relay.cannot_invite" {
        en: "a {} cannot invite a {}",
        zh: "{0}不能邀请{1}",
    }
    WhoInvites "relay.who_invites" {
        en: "only staff, grid workers and building leaders of this group invite",
        zh: "只有本群组的社区工作人员、网格员和楼栋长才能发邀请",
    }
    WidenStaff "relay.widen_staff" {
        en: "only staff widen an alert",
        zh: "只有社区工作人员才能扩大通知范围",
    }
    NoAlertRunning "relay.no_alert_running" {
        en: "no alert about this request is running",
        zh: "这个求助现在没有在通知邻居",
    }
    NoAlarmOpen "relay.no_alarm_open" {
        en: "no alarm about her is open",
        zh: "现在没有关于她的未处理警报",
    }
    AnswersAlarm "relay.answers_alarm" {
        en: "only those alerted, grid workers and staff answer the alarm",
        zh: "只有收到通知的人、网格员和社区工作人员才能回应这个警报",
    }
    PairsNeighbours "relay.pairs_neighbours" {
        en: "only staff or a grid worker of the building pairs neighbours",
        zh: "只有社区工作人员或本楼的网格员才能为邻居结对",
    }
    ChangesCheckin "relay.changes_checkin" {
        en: "only the person, their proxy, or staff and grid workers change the check-in",
        zh: "只有本人、代办人、社区工作人员或网格员才能更改报平安的设置",
    }
    RevokesDevice "relay.revokes_device" {
        en: "only staff of this group (or of a group above it) revoke a member's device",
        zh: "只有本群组（或上级群组）的社区工作人员才能停用成员的设备",
    }
    KeyNotSent "relay.key_not_sent" {
        en: "this device has not sent its key; register again to send it",
        zh: "本设备还没有发送密钥；请重新注册一次",
    }

    // ---- the relay's answers to calls: what is not there (server/src/http/, invites.rs, …) ----
    NoSuchGroup "relay.no_such_group" {
        en: "no such group",
        zh: "没有这个群组",
    }
    NoSuchMemberInGroup "relay.no_such_member_in_group" {
        en: "no such member in this group",
        zh: "本群组里没有这位成员",
    }
    NoSuchMember "relay.no_such_member" {
        en: "no such member",
        zh: "没有这位成员",
    }
    NoSuchInvite "relay.no_such_invite" {
        en: "no such invite code",
        zh: "没有这个邀请码，请核对后再输入",
    }
    NoSuchRequest "relay.no_such_request" {
        en: "no such request",
        zh: "没有这个求助",
    }
    NoAlertForYou "relay.no_alert_for_you" {
        en: "no alert for you about this request",
        zh: "您没有收到过这个求助的通知",
    }
    NoSuchProposal "relay.no_such_proposal" {
        en: "no such proposal",
        zh: "没有这个议题",
    }
    NoSuchPairing "relay.no_such_pairing" {
        en: "no such pairing",
        zh: "没有这个结对",
    }
    NoSuchAttachment "relay.no_such_attachment" {
        en: "no such attachment",
        zh: "没有这个附件",
    }
    NoSuchPhoto "relay.no_such_photo" {
        en: "no such photo",
        zh: "没有这张照片",
    }
    NoSuchOrder "relay.no_such_order" {
        en: "no such order",
        zh: "没有这张服务单",
    }
    NoSuchHousehold "relay.no_such_household" {
        en: "no such household",
        zh: "没有这户住户",
    }
    NoSuchEndpoint "relay.no_such_endpoint" {
        en: "no such endpoint",
        zh: "服务器不认识这个请求；请把应用更新到最新版本",
    }

    // ---- the relay's answers to calls: the device and its sign-in (server/src/error.rs, devices.rs) ----
    TokenRequired "relay.token_required" {
        en: "a valid bearer token is required",
        zh: "本设备没有登录，或登录已失效；请重新登录",
    }
    RelayFailed "relay.failed" {
        en: "the relay failed; try again later",
        zh: "服务器出错了，请稍后再试",
    }
    RelayTooSlow "relay.too_slow" {
        en: "the relay took too long to answer; try again",
        zh: "服务器太久没有回应，请再试一次",
    }
    BodyTooLarge "relay.body_too_large" {
        en: "the request body is larger than the relay accepts ({} bytes)",
        zh: "发送的内容太大，服务器最多接收 {} 字节",
    }
    NotJson "relay.not_json" {
        en: "the body must be sent as content-type application/json",
        zh: "发送的内容必须是 JSON 格式（content-type application/json）",
    }
    SyncBodyRefused "relay.sync_body_refused" {
        en: "the sync body was refused: {}",
        zh: "服务器无法读取这次同步发送的内容：{}",
    }
    TooManyAttempts "relay.too_many_attempts" {
        en: "too many attempts; try again in {} s",
        zh: "尝试次数太多，请 {} 秒后再试",
    }
    DeviceTokenForm "relay.device_token_form" {
        en: "a device's token is {} hex digits ({} random bytes)",
        zh: "设备凭证应是 {0} 位十六进制数字（{1} 个随机字节）",
    }
    MemberIdReserved "relay.member_id_reserved" {
        en: "this member id is reserved",
        zh: "这个成员编号留作他用，不能注册",
    }
    DeviceKeyForm "relay.device_key_form" {
        en: "a device's key is an Ed25519 public key, 64 hex digits",
        zh: "设备密钥应是 Ed25519 公钥，64 位十六进制数字",
    }
    DeviceRevoked "relay.device_revoked" {
        en: "this device was signed out or cut off; register with a new identity",
        zh: "本设备已退出登录或已被停用；请用新的身份重新注册",
    }
    MemberIdTaken "relay.member_id_taken" {
        en: "this member id is already registered; only its own device may register it again",
        zh: "这个成员编号已经注册过；只有原来那台设备才能再次注册",
    }
    TokenOfAnother "relay.token_of_another" {
        en: "this token belongs to another device; make a new one",
        zh: "这个凭证属于另一台设备；请重新生成一个",
    }
    OtherKey "relay.other_key" {
        en: "this device registered another key; register with a new identity",
        zh: "本设备注册时用的是另一把密钥；请用新的身份重新注册",
    }
    LiveConnections "relay.live_connections" {
        en: "this device has as many live connections open as it may; close one first",
        zh: "本设备打开的实时连接已达上限；请先关闭一个",
    }

    // ---- the relay's answers to calls: invite codes (server/src/invites.rs) ----
    InvitesPerDay "relay.invites_per_day" {
        en: "this device has made as many invite codes today as it may; try again tomorrow",
        zh: "本设备今天生成的邀请码已达上限，请明天再试",
    }
    InviteUses "relay.invite_uses" {
        en: "uses must be between 1 and {}, not {}",
        zh: "邀请码可用次数要在 1 到 {0} 之间，不能是 {1}",
    }
    InviteExpiry "relay.invite_expiry" {
        en: "expires_in_secs must be between 1 and {} (30 days), not {}",
        zh: "邀请码有效期要在 1 到 {0} 秒（30 天）之间，不能是 {1} 秒",
    }
    LeaderInviteBuilding "relay.leader_invite_building" {
        en: "a building-leader invite names the building it leads (1-32 characters)",
        zh: "邀请楼栋长时要写明他负责的楼栋（1 到 32 个字）",
    }
    OnlyLeaderInviteBuilding "relay.only_leader_invite_building" {
        en: "only a building-leader invite names a building; residents give their own",
        zh: "只有邀请楼栋长时才写楼栋；居民自己填写所住的楼栋",
    }
    InviteRevoked "relay.invite_revoked" {
        en: "this invite code was revoked",
        zh: "这个邀请码已被作废",
    }
    InviteExpired "relay.invite_expired" {
        en: "this invite code has expired",
        zh: "这个邀请码已过期",
    }
    InviteUsedUp "relay.invite_used_up" {
        en: "this invite code has been used up",
        zh: "这个邀请码的使用次数已经用完",
    }

    // ---- the relay's answers to calls: votes, alerts, check-ins (votes.rs, http/alerts.rs, checkin/) ----
    BallotsInTheOpen "relay.ballots_in_the_open" {
        en: "this proposal's ballots are cast in the open, through sync",
        zh: "这个议题是记名投票，选票随同步一起发送",
    }
    ReceiptForm "relay.receipt_form" {
        en: "a receipt is 64 hexadecimal digits",
        zh: "投票回执是 64 位十六进制数字",
    }
    VoteStillOpen "relay.vote_still_open" {
        en: "the vote is open until {} (relay time); it is sealed after the close",
        zh: "投票到 {}（服务器时间）才结束；结束后才封存",
    }
    QuietHoursForm "relay.quiet_hours_form" {
        en: "quiet hours are two times, HH:MM, like 22:00 and 07:00",
        zh: "免打扰时段是两个时间，写成 时:分，例如 22:00 和 07:00",
    }
    HomeForm "relay.home_form" {
        en: "a home is a latitude (-90 to 90) and a longitude (-180 to 180)",
        zh: "住处的位置是纬度（-90 到 90）和经度（-180 到 180）",
    }
    PushTokenForm "relay.push_token_form" {
        en: "a push token is 1 to {} printable characters",
        zh: "推送凭证应是 1 到 {} 个可显示的字符",
    }
    ClockAhead "relay.clock_ahead" {
        en: "the phone's clock is ahead of the relay's: set the phone's time and check in again",
        zh: "手机的时间比服务器快：请校准手机时间后再报一次平安",
    }
    RaiseFirst "relay.raise_first" {
        en: "raise the urgent request for her and sync it first, then answer with its id",
        zh: "请先为她发出紧急求助并同步，再用这个求助来回应",
    }
    PairingInBuilding "relay.pairing_in_building" {
        en: "a pairing is filed in the person's building",
        zh: "结对要登记在本人所住的楼栋",
    }
    PauseEnds "relay.pause_ends" {
        en: "a pause ends in the future, within a year",
        zh: "暂停的结束时间要在将来，并且在一年以内",
    }

    // ---- the relay's answers to calls: photos and attachments (server/src/grid/photos.rs) ----
    HeaderRequired "relay.header_required" {
        en: "the {} header (a number of bytes) is required",
        zh: "缺少 {} 请求头（一个字节数）",
    }
    ChunkPastLength "relay.chunk_past_length" {
        en: "the chunk runs past the attachment's Upload-Length",
        zh: "这段内容超出了附件的总长度（Upload-Length）",
    }
    EmptyChunk "relay.empty_chunk" {
        en: "an empty chunk adds nothing",
        zh: "这段内容是空的，什么也没有加上",
    }
    AttachmentTooLarge "relay.attachment_too_large" {
        en: "an attachment may be at most {} bytes; this one is {}",
        zh: "照片或附件最大只能是 {0} 字节，这个有 {1} 字节",
    }
    ContinueFrom "relay.continue_from" {
        en: "the relay holds {} bytes of this attachment; continue from there",
        zh: "服务器已收到这个附件的 {} 字节；请从那里接着发送",
    }
    AttachmentMismatch "relay.attachment_mismatch" {
        en: "the attachment's bytes do not match its SHA-256 name; it was not kept",
        zh: "附件的内容和它的校验值对不上，服务器没有保存",
    }
    UnfinishedTooLarge "relay.unfinished_too_large" {
        en: "an upload left unfinished may hold at most {} bytes; send this attachment in one piece",
        zh: "没传完的附件最多只能保留 {} 字节；请一次把这个附件发完",
    }
    UnfinishedFull "relay.unfinished_full" {
        en: "your unfinished uploads already hold {} of the {} bytes allowed; finish them, or the oldest is removed in {} s",
        zh: "您没传完的附件已占用 {0} 字节（上限 {1} 字节）；请先把它们传完，否则最早的一个会在 {2} 秒后删除",
    }

    // ---- the relay's answers to calls: the dashboard (server/src/dashboard/) ----
    DocumentExists "relay.document_exists" {
        en: "this document exists already",
        zh: "这项内容已经存在",
    }
    ChangedMeanwhile "relay.changed_meanwhile" {
        en: "the document changed meanwhile; reload the page and try again",
        zh: "这项内容刚被改过；请刷新页面后再试",
    }
    ChooseRole "relay.choose_role" {
        en: "choose a role",
        zh: "请选择一个角色",
    }
    ChooseAssignee "relay.choose_assignee" {
        en: "choose whom to assign it to",
        zh: "请选择指派给谁",
    }
    NotForDesk "relay.not_for_desk" {
        en: "only community staff, grid workers and building leaders sign in to the dashboard",
        zh: "只有社区工作人员、网格员和楼栋长才能登录工作台",
    }
    NoSuchSigninCode "relay.no_such_signin_code" {
        en: "no such sign-in code: it may have expired; reload the dashboard for a new one",
        zh: "没有这个登录码，可能已经过期；请刷新工作台页面获取新的登录码",
    }
    FormTooLarge "relay.form_too_large" {
        en: "form too large",
        zh: "填写的内容太多",
    }

    // ---- the phone's own checks, before anything is saved or sent (core/src/device, net/, ffi) ----
    NotRegisteredHere "phone.not_registered" {
        en: "this device is not registered with a relay; register it first",
        zh: "本设备还没有在服务器上注册；请先注册",
    }
    StoredTokenMalformed "phone.stored_token_malformed" {
        en: "the stored token is malformed; register again",
        zh: "本设备保存的登录凭证已损坏；请重新注册",
    }
    SyncOverLimit "phone.sync_over_limit" {
        en: "a sync body of {} bytes is over the relay's limit of {}; nothing was sent",
        zh: "这次同步的内容有 {0} 字节，超过了服务器的上限 {1} 字节；什么也没有发送",
    }
    RelayUrlScheme "phone.relay_url_scheme" {
        en: "the relay URL must start with http:// or https://, not {}",
        zh: "服务器地址要以 http:// 或 https:// 开头，不能是 {}",
    }
    NotRelayUrl "phone.not_relay_url" {
        en: "{} is not a relay URL",
        zh: "{} 不是服务器地址",
    }
    AttachmentNotHere "phone.attachment_not_here" {
        en: "attachment {} is not on this device",
        zh: "附件 {} 不在本设备上",
    }
    RelayHoldsNoAttachment "phone.relay_holds_no_attachment" {
        en: "the relay holds no attachment {} for your groups",
        zh: "服务器上没有您所在群组的附件 {}",
    }
    NoVoiceNote "phone.no_voice_note" {
        en: "this request has no voice note",
        zh: "这个求助没有语音留言",
    }
    PhotoAddedFirst "phone.photo_added_first" {
        en: "a photo must be added to the device before it is attached",
        zh: "照片要先存到本设备上，才能附上",
    }
    AttachmentEmpty "phone.attachment_empty" {
        en: "an attachment must not be empty",
        zh: "附件不能是空的",
    }
    NoNoticeHere "phone.no_notice_here" {
        en: "no notice {} on this device",
        zh: "本设备上没有通知 {}",
    }
    NoReportHere "phone.no_report_here" {
        en: "no report {} on this device",
        zh: "本设备上没有上报 {}",
    }
    SayAssignee "phone.say_assignee" {
        en: "say who the report is assigned to",
        zh: "请说明这条上报指派给谁",
    }
    NoHouseholdHere "phone.no_household_here" {
        en: "no household {} on this device",
        zh: "本设备上没有住户 {}",
    }
    NoSuchVisit "phone.no_such_visit" {
        en: "no such visit in this household",
        zh: "这户住户没有这次走访记录",
    }
    NoNeedHere "phone.no_need_here" {
        en: "no need {} on this device",
        zh: "本设备上没有需求 {}",
    }
    NoMemberHere "phone.no_member_here" {
        en: "no member {} in the groups on this device",
        zh: "本设备上的群组里没有成员 {}",
    }
    NoTeamsAbove "phone.no_teams_above" {
        en: "no team {} here: this group and the groups above it have no teams",
        zh: "这里没有服务队 {}：本群组和上级群组都还没有服务队",
    }
    NoTeamNamed "phone.no_team_named" {
        en: "no team {} here; the teams are: {}",
        zh: "这里没有服务队 {0}；现有的服务队是：{1}",
    }
    TeamsShareName "phone.teams_share_name" {
        en: "{} teams are called {}; give the team's id",
        zh: "有 {0} 支服务队都叫 {1}；请给出服务队的编号",
    }
    NameNeedSource "phone.name_need_source" {
        en: "name the report or household the need comes from",
        zh: "请说明这条需求来自哪条上报或哪户住户",
    }
    GroupGoesIn "phone.group_goes_in" {
        en: "a {} cannot sit inside a {}: a building goes in an estate or a community, an estate in a community",
        zh: "{1}里面不能再建{0}：楼栋建在小区或社区里，小区建在社区里",
    }
    NoProposalHere "phone.no_proposal_here" {
        en: "no proposal {} on this device",
        zh: "本设备上没有议题 {}",
    }
    SecretNeedsRelay "phone.secret_needs_relay" {
        en: "this is a secret ballot: it goes straight to the relay, so it needs the relay in reach",
        zh: "这是无记名投票：选票直接发到服务器，所以要连得上服务器才能投",
    }
    BallotsOpen "phone.ballots_open" {
        en: "this proposal's ballots are cast in the open",
        zh: "这个议题是记名投票",
    }
    NotAnOption "phone.not_an_option" {
        en: "{} is not an option of this proposal; choose one of: {}",
        zh: "{0} 不是这个议题的选项；请从这些里选：{1}",
    }
    NoSuchMenuItem "phone.no_such_menu_item" {
        en: "no such item on this group's menu",
        zh: "本群组的服务目录里没有这一项",
    }
    NoOrderHere "phone.no_order_here" {
        en: "no order {} on this device",
        zh: "本设备上没有服务单 {}",
    }
    PhoneNumberForm "phone.phone_number_form" {
        en: "a phone number has digits, spaces, +, - and brackets only",
        zh: "电话号码只能有数字、空格、+、- 和括号",
    }
    NoGroupToRaiseIn "phone.no_group_to_raise_in" {
        en: "this phone is in no group to raise the request in",
        zh: "这部手机还没有加入任何群组，无法发出求助",
    }
    NeedClaimant "phone.need_claimant" {
        en: "a need takes at least one claimant",
        zh: "一条需求至少要有一个认领人",
    }
    NoticeReadsStaff "phone.notice_reads_staff" {
        en: "only staff see how many households read a notice",
        zh: "只有社区工作人员才能看到多少户读了通知",
    }
    RegistryKeepers "phone.registry_keepers" {
        en: "only grid workers, staff and the building's leader keep the household registry",
        zh: "只有网格员、社区工作人员和本楼的楼栋长才能管理住户登记",
    }
    VisitEditors "phone.visit_editors" {
        en: "only the worker who logged a visit, or staff, edit it",
        zh: "只有记录这次走访的人或社区工作人员才能修改它",
    }
    NeedGoesTo "phone.need_goes_to" {
        en: "a need can go only to someone who may read its household: the grid workers and staff of its group or a group above, or its building's leader",
        zh: "需求只能交给看得到这户住户的人：本群组或上级群组的网格员和社区工作人员，或本楼的楼栋长",
    }
    ReportGoesTo "phone.report_goes_to" {
        en: "a report can go only to someone who may read it: a member of its group or a group inside it, or the grid workers and staff above",
        zh: "上报只能交给看得到它的人：本群组或下级群组的成员，或上级的网格员和社区工作人员",
    }
    StaffOfParentOrAbove "phone.staff_of_parent_or_above" {
        en: "only staff of the parent group (or a group above it) create groups inside it",
        zh: "只有上级群组（或更上级群组）的社区工作人员才能在里面新建群组",
    }
    NotMemberOfGroup "phone.not_member_of_group" {
        en: "you are not a member of this group",
        zh: "您不是这个群组的成员",
    }
    LeaderBuildingAsk "phone.leader_building_ask" {
        en: "a building leader's building is set by staff; ask them to change it",
        zh: "楼栋长负责哪一栋楼，由社区工作人员设定；请找他们更改",
    }
    RatingsStaff "phone.ratings_staff" {
        en: "only staff see the ratings of teams and volunteers",
        zh: "只有社区工作人员才能看到服务队和志愿者的评价",
    }
    OwnRequestCancel "phone.own_request_cancel" {
        en: "this is your own request; cancel it instead",
        zh: "这是您自己发出的求助；请直接取消它",
    }
    SignedUpWithdraw "phone.signed_up_withdraw" {
        en: "you have signed up for this request; withdraw instead",
        zh: "您已经报名了这个求助；请改为退出报名",
    }
    VoiceTooLarge "phone.voice_too_large" {
        en: "the voice note is {} bytes; at most {}",
        zh: "语音留言有 {0} 字节，最多只能 {1} 字节",
    }
    SayWhatToChange "phone.say_what_to_change" {
        en: "say what to change: the notes, the outcome or the day to come back",
        zh: "请说明要改什么：记录、走访结果，或者下次再来的日子",
    }
    TimeOutOfRange "phone.time_out_of_range" {
        en: "a time before 1970 or after the year 9999 cannot be kept",
        zh: "早于 1970 年或晚于 9999 年的时间无法保存",
    }
    WholeMinutes "phone.whole_minutes" {
        en: "this length of time is kept in whole minutes (it is {} s)",
        zh: "这段时长要按整分钟填写（现在是 {0} 秒）",
    }
    MemberOrTeam "phone.member_or_team" {
        en: "say who takes the need: a member or a team, not both",
        zh: "请说明由谁接这条需求：一位成员或一支服务队，不能两者都选",
    }
    TypeDeskCode "phone.type_desk_code" {
        en: "type the code the dashboard shows",
        zh: "请输入工作台上显示的配对码",
    }
    ChangeTooLarge "phone.change_too_large" {
        en: "a change of {} bytes is larger than the relay accepts; it stays on this device",
        zh: "这项改动有 {} 字节，超过了服务器能接收的大小；它会留在本设备上",
    }
    NoAnswerForDocument "phone.no_answer_for_document" {
        en: "the relay did not answer for this document",
        zh: "服务器没有回应这项内容",
    }
}
