// Errors as Swift callers see them: `JinlinError`, one lowerCamel case per failure with its
// fields, converted from the generated `JinlinCoreError` at every call (`coreCall`). Each has a
// stable `code` and a `messageKey` (the core's table, ffi/src/messages.rs), and its
// `errorDescription` is the message in the reader's language from the app's String Catalog,
// never a reflection of the value. A catalog key carries one " %@" per argument
// ("error_too_long %@ %@"); free text the core gives (a rule's reason, the relay's refusal) is an
// argument, shown in brackets after the localized words: a refusal of the core's table in the
// language the app shows (`Jinlin.setShownLanguage`), with its stable code in `refusal`.

import Foundation
import JinlinFFI

/// What a Jinlin call can fail with. A call that fails has written nothing.
public enum JinlinError: Error, Equatable, LocalizedError {
    /// The relay could not be reached; changes stay on the phone and leave with the next sync.
    case offline
    /// A neighbour's phone was not trusted, refused this one, or the link failed.
    case peer(reason: String)
    /// The member may not do this; `reason` is the rule, in English.
    case notAllowed(reason: String)
    /// The member already offered to help with this request.
    case alreadySignedUp
    /// The member has no offer of help on this request to withdraw.
    case noSignup
    /// The action does not fit where the request stands.
    case wrongStatus(status: Status)
    /// Something typed or chosen is not acceptable; `reason` in English.
    case invalidInput(reason: String)
    /// A required text was left empty.
    case emptyText(what: String)
    /// A text is longer than allowed.
    case tooLong(what: String, length: Int64, max: Int64)
    /// A voice note plays longer than allowed (in seconds).
    case voiceTooLong(seconds: Int64, max: Int64)
    /// A request asks for no volunteers, or for too many.
    case invalidSlots(given: Int64, max: Int64)
    /// Text that cannot be an invite code.
    case badInviteCode
    /// An invite code revoked, expired or used up: a new one is needed.
    case inviteGone
    /// No such request, group, invite or other thing.
    case notFound(what: Missing, reason: String?)
    /// The request is done or cancelled and can no longer change.
    case requestFinal(status: Status)
    /// The phone has not registered or joined yet.
    case notRegistered
    /// The relay refused for another reason; `reason` in English.
    case relay(reason: String)
    /// This version of the app is too old.
    case updateRequired(reason: String)
    /// The phone's database failed.
    case storage(reason: String)
    /// Something failed inside the library; the data on the phone is kept.
    case `internal`(reason: String)

    init(_ e: JinlinCoreError) {
        switch e {
        case .Offline: self = .offline
        case let .Peer(reason): self = .peer(reason: reason)
        case let .NotAllowed(reason): self = .notAllowed(reason: reason)
        case .AlreadySignedUp: self = .alreadySignedUp
        case .NoSignup: self = .noSignup
        case let .WrongStatus(status): self = .wrongStatus(status: status)
        case let .InvalidInput(reason): self = .invalidInput(reason: reason)
        case let .EmptyText(what): self = .emptyText(what: what)
        case let .TooLong(what, length, max): self = .tooLong(what: what, length: length, max: max)
        case let .VoiceTooLong(seconds, max): self = .voiceTooLong(seconds: seconds, max: max)
        case let .InvalidSlots(given, max): self = .invalidSlots(given: given, max: max)
        case .BadInviteCode: self = .badInviteCode
        case .InviteGone: self = .inviteGone
        case let .NotFound(what, reason): self = .notFound(what: what, reason: reason)
        case let .RequestFinal(status): self = .requestFinal(status: status)
        case .NotRegistered: self = .notRegistered
        case let .Relay(reason): self = .relay(reason: reason)
        case let .UpdateRequired(reason): self = .updateRequired(reason: reason)
        case let .Storage(reason): self = .storage(reason: reason)
        case let .Internal(reason): self = .internal(reason: reason)
        }
    }

    /// The generated value, whose methods give the code, key and arguments.
    private var core: JinlinCoreError {
        switch self {
        case .offline: return .Offline
        case let .peer(reason): return .Peer(reason: reason)
        case let .notAllowed(reason): return .NotAllowed(reason: reason)
        case .alreadySignedUp: return .AlreadySignedUp
        case .noSignup: return .NoSignup
        case let .wrongStatus(status): return .WrongStatus(status: status)
        case let .invalidInput(reason): return .InvalidInput(reason: reason)
        case let .emptyText(what): return .EmptyText(what: what)
        case let .tooLong(what, length, max): return .TooLong(what: what, length: length, max: max)
        case let .voiceTooLong(seconds, max): return .VoiceTooLong(seconds: seconds, max: max)
        case let .invalidSlots(given, max): return .InvalidSlots(given: given, max: max)
        case .badInviteCode: return .BadInviteCode
        case .inviteGone: return .InviteGone
        case let .notFound(what, reason): return .NotFound(what: what, reason: reason)
        case let .requestFinal(status): return .RequestFinal(status: status)
        case .notRegistered: return .NotRegistered
        case let .relay(reason): return .Relay(reason: reason)
        case let .updateRequired(reason): return .UpdateRequired(reason: reason)
        case let .storage(reason): return .Storage(reason: reason)
        case let .internal(reason): return .Internal(reason: reason)
        }
    }

    /// The stable code of this case ("not_found"), the same in every language.
    public var code: String { core.code() }

    /// The name of the message in the app's String Catalog, without its " %@" per argument.
    public var messageKey: String { core.messageKey() }

    /// The message's arguments, in order; a relay's refusal in the language the app shows.
    public var messageArgs: [String] { core.messageArgs() }

    /// The stable code of the relay's refusal this error carries ("request.cancels"), the same
    /// in every language; nil when it carries none this version knows.
    public var refusal: String? { core.refusal() }

    /// The message in the reader's language, from `bundle`'s String Catalog; the stable code
    /// when the catalog has no such key.
    public func localized(in bundle: Bundle = .main) -> String {
        let args = messageArgs
        let key = messageKey + String(repeating: " %@", count: args.count)
        let format = bundle.localizedString(forKey: key, value: nil, table: nil)
        if format == key { return code }
        return String(format: format, arguments: args.map { $0 as CVarArg })
    }

    public var errorDescription: String? { localized() }
}

/// Runs a call into the core, turning its generated error into `JinlinError`.
func coreCall<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let e as JinlinCoreError {
        throw JinlinError(e)
    }
}

/// `coreCall` for calls that do not wait.
func coreCallSync<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as JinlinCoreError {
        throw JinlinError(e)
    }
}
