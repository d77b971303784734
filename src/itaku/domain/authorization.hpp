#pragma once
// Who may see or do what, per contract. One set of rules for every transport — the service
// checks commands with it (may_execute), and the API, the pages and the exports read through it:
// - an administrator may do everything;
// - the city (甲): people with a city role on the contract (city_officer, city_approver:
//   read everything and act for the city; city_auditor: read everything, never write);
// - a contractor (乙) or subcontractor (丙): people on their party's current roster
//   (responsible person, information manager, worker) and the party's API tokens (with the
//   `read` scope, docs/AUTH.md; a city organisation's token sees nothing) see the
//   contract, their own party and the subcontractors below it (the engaging party stays
//   answerable for them, 長野市 第11 / 木更津市 第10条2); the responsible person and the
//   information manager keep their party's roster;
// - anyone else does not see the contract at all (404, not 403: its existence is not
//   revealed). A contractor never sees another contractor's data. Pure.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/principal.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

struct ContractAccess {
  bool visible = false;
  bool city = false;                       // reads as the city does
  bool city_writer = false;                // acts for the city (acknowledge, activate, close)
  bool city_approver = false;              // decides and revokes the city's approvals (city_approver)
  std::set<std::string> readable_parties;  // organisations whose party data may be read
  std::set<std::string> writable_parties;  // rosters this principal may submit
};

ContractAccess contract_access(const State& state, const Principal& principal, const Contract& contract);

// The organisation a principal acts for: the person's, or the token's.
std::string principal_organisation(const State& state, const Principal& principal);

// People whose records the principal may read: a person's own organisation's, those of
// readable parties of a visible contract, and the city's staff on a visible contract. (A token
// reads only through its contracts.)
bool may_read_person(const State& state, const Principal& principal, const Person& person);

// Organisations the principal may read: an administrator all; a person their own; anyone
// the parties of contracts they may see (a visible contract names its parties; their data stays
// behind the other rules).
bool may_read_organisation(const State& state, const Principal& principal, const std::string& organisation);

// A notification is read by administrators and by the readers of its contract in the
// organisation it is addressed to.
bool may_read_notification(const State& state, const Principal& principal, const Notification& notification);

// The decision log and the access log of a contract: the city reads every row; a party the
// rows about people of its readable parties. `log_scope` says it for a query (so pages stay
// full), `may_read_log_row` of one row; both are this one rule.
struct LogScope {
  bool every_party = false;                // the city's view
  std::vector<std::string> organisations;  // otherwise: rows about people of these
};
LogScope log_scope(const ContractAccess& access);
bool may_read_log_row(const State& state, const ContractAccess& access, const std::string& person);

// People's obligations (長野市 第4, 第10; 木更津市 第7条): a course is read by the city and the
// readers of the party that gives it; a person's training, acknowledgements, pledges and
// standing by the city and the readers of the person's party, as the decision log is.
bool may_read_course(const ContractAccess& access, const TrainingCourse& course);
bool may_read_obligations(const State& state, const ContractAccess& access, const std::string& person);
// A training report of party `organisation` (長野市 第4: shown to the city on request) is issued
// by that party's responsible person or information manager, or by the city's officers, and
// read (its record, its files, its ledger entries) by the city and that party's readers.
bool may_issue_training_report(const ContractAccess& access, const std::string& organisation);
bool may_read_training_report(const ContractAccess& access, const std::string& organisation);

// Information assets (docs/API.md). A hand-over is visible to the city and to the parties on
// either side of it; an asset to the city, to the party holding it and to the parties it was
// handed to or from.
bool transfer_visible(const ContractAccess& access, const Transfer& transfer);
bool asset_visible(const State& state, const Contract& contract, const ContractAccess& access, const Asset& asset);
// Acting for the holder of assets (registering what they hold, handing over for them): the
// city's officers for the city's people, a party's responsible person or information manager
// for their party's people.
bool may_act_for_holder(const State& state, const Contract& contract, const ContractAccess& access,
                        const std::string& person);
// Handing over from `from`: that person themself, an administrator, or one who may act for them.
bool may_hand_over_for(const State& state, const Contract& contract, const ContractAccess& access,
                       const Principal& principal, const std::string& from);

// ID badges (木更津市 第11条(1)): a badge is read by the city and by the readers of its holder's
// party (its own people, the parties above it), as the party's roster is; never by another
// contractor.
bool may_read_badge(const ContractAccess& access, const Badge& badge);
// The city's written approvals (approvals.hpp): a request and what became of it are read by the
// city and by the readers of the requesting party, as its roster is; never by another contractor.
bool may_read_approval(const ContractAccess& access, const Approval& approval);
// Devices and media (木更津市 第12条, 第14条): a device, its confirmations and the destruction of
// its media are read by the city and by the readers of the party that uses it; recorded by that
// party's responsible person or information manager (the city's staff may also confirm).
bool may_read_device(const ContractAccess& access, const Device& device);
// 返還・廃棄・消去 (長野市 第9, 木更津市 第5条): an act of disposal or erasure, and a party's
// created-assets report, are read by the city and the readers of that party; the city's
// instruction by the city and by whoever sees one of the assets it names.
bool may_read_disposal(const ContractAccess& access, const DisposalRecord& record);
bool may_read_created_assets(const ContractAccess& access, const CreatedAssetsReport& report);
bool may_read_instruction(const State& state, const Contract& contract, const ContractAccess& access,
                          const DisposalInstruction& instruction);
// What keeps a contract from closing (closing_outstanding): the city and the contractor (乙, who
// answers for its subcontractors) read every item; a subcontractor the items of the parties it
// reads.
bool may_read_outstanding(const ContractAccess& access, const Contract& contract, const Outstanding& item);
// The city's reviews of the monitoring (長野市 第3; monitoring.reviewed) are read by those who
// read as the city: a note speaks of every party's people.
bool may_read_monitoring_reviews(const ContractAccess& access);
// Issuing, returning or reporting lost a badge of a person of `organisation`: the city's
// officers and approvers, or that party's responsible person or information manager (those
// who keep its roster).
bool may_handle_badge(const ContractAccess& access, const std::string& organisation);

// A contract's compliance (per-clause statuses, docs/COMPLIANCE.md) is read by whoever sees the
// contract, but not all of it by everyone: the city's staff of the contract (and
// administrators) and the contractor's people (乙, who answers for its subcontractors: 長野市
// 第11-3, 木更津市 第10条2) read every control of every party; a subcontractor's people (丙) read
// only the findings of their own party and the parties below it, and none of the contract-wide
// controls (those speak of the contractor's and the city's arrangements). Anyone else does not
// see the contract at all (404).
struct ComplianceScope {
  bool visible = false;
  bool every_control = false;     // the whole report
  std::set<std::string> parties;  // otherwise: the findings of these parties only
};
ComplianceScope compliance_scope(const ContractAccess& access, const Contract& contract);
// A compliance report issued (its record, its files, its ledger entries) is read by whoever may
// read everything it holds: a report of the whole contract by readers of every control, one
// narrowed to some `parties` by readers of all of those parties.
bool may_read_compliance_report(const ContractAccess& access, const Contract& contract,
                                const std::set<std::string>& parties);

// Asking for a decision about `person` on `contract`, or reporting their accesses (長野市 第3):
// API tokens of a party and the responsible person or information manager of a party ask
// about the people of their own party and the subcontractors below it; administrators about
// anyone. An unknown person is decided (and denied); a contract the principal may not see is
// not found (contract.unknown), a person of a party they may not read is forbidden.
Result<void> may_ask_about(const State& state, const Principal& principal, const std::string& contract,
                           const std::string& person);

// The instance's metrics (GET /metrics: request counts and timings of every route, the
// ledger's size) are the administrator's; a scraper at a configured address needs no account.
bool may_read_metrics(const Principal& principal);

// Provision sets (特記事項) are the cities' published texts: anyone signed in, and any token,
// may read every set and version (the list, a set's clauses, its page).
bool may_read_provision_sets(const Principal& principal);

// Whether the principal may read the content of a ledger entry (its stored bytes): exactly
// when they may read the object the entry records, by that object's own rule above — a
// roster version by the roster's, an asset by asset_visible, a decision by the decision
// log's, a person by may_read_person, and so on (docs/LEDGER.md lists them). Sign-ins,
// users' credentials and API tokens are the administrator's alone; an event type not known
// here, or an entry that does not parse, is shown to nobody. Anyone may still check that the
// entry's leaf hash is in the ledger.
bool may_read_entry(const State& state, const Principal& principal, std::string_view entry);
// Whether the principal may read every entry of the ledger, whatever it records: the whole
// ledger at once (its entry bundles, GET /log/tile/entries/…; `itaku ledger export` at the
// machine). Administrators and the system; may_read_event admits them to every entry by this rule.
bool may_read_every_entry(const Principal& principal);

// Whether `principal` may execute `command`, whichever transport brought it: Service::execute
// asks before anything else, so a transport cannot forget a rule. A contract the principal
// may not see is not found (contract.unknown, as if it did not exist); anything else refused
// is auth.forbidden. The system (and an operator at the machine) may do everything; an API
// token executes no command (it decides and reports accesses, docs/AUTH.md); the rules for
// people are listed with each command in authorization.cpp.
Result<void> may_execute(const State& state, const Principal& principal, const Command& command);
// The two refusals of these rules, as every transport answers them: auth.forbidden (403), and
// `<what>.unknown` (404) for what the principal may not see or what does not exist.
Error forbidden();
Error unknown(const std::string& what, const std::string& id);

// Whether executing `command` as `principal` at `now` would be accepted: may_execute and the
// command's own rules (decide). Pages ask it to offer only what would be accepted.
bool permits(const State& state, const Principal& principal, const Command& command, Timestamp now);
bool may_read_event(const State& state, const Principal& principal, const Event& event);

}  // namespace itaku::domain
